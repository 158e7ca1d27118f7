// Short listings of the code the #/backprop experiments run: our Rust (crate/nn/net.rs,
// crate/gradcheck.rs), trimmed, with the book's NumPy names in comments so a reader of the book
// can match them line by line. Shown in a <details> beside each experiment.

import { escapeHtml } from '../dom.js';

const LISTINGS = {
  numerical: `// TwoLayerNet.numerical_gradient(x, t)  — crate/nn/net.rs
fn numerical_gradient(&mut self, x: &Matrix, t: &Matrix, h: f64) -> Gradients {
    // for each parameter array W1, b1, W2, b2 (params['W1'] …)
    for (p, grad) in grads.iter_mut().enumerate() {
        for i in 0..grad.len() {                       // it = np.nditer(x, …)
            let original = self.params()[p][i];        // tmp_val = x[idx]
            self.params_mut()[p][i] = original + h;    // x[idx] = tmp_val + h
            let plus = self.loss(x, t);                // fxh1 = f(x)
            self.params_mut()[p][i] = original - h;    // x[idx] = tmp_val - h
            let minus = self.loss(x, t);               // fxh2 = f(x)
            self.params_mut()[p][i] = original;        // x[idx] = tmp_val
            grad[i] = (plus - minus) / (2.0 * h);      // grad[idx] = (fxh1 - fxh2) / (2*h)
        }
    }
}`,
  check: `// gradient_check.py, with a scale-free verdict  — crate/gradcheck.rs
let numerical = net.numerical_gradient(&x, &t, 1e-4); // grad_numerical
let (_, backprop) = net.gradient(&x, &t);             // grad_backprop
for (name, (b, n)) in ["W1", "b1", "W2", "b2"].iter().zip(pairs) {
    let mean_abs = (b - n).abs().mean();              // np.average(np.abs(...))
    // ‖b − n‖ / (‖b‖ + ‖n‖): 0 when equal, ≈1 when unrelated
    let relative = (b - n).norm() / (b.norm() + n.norm());
    println!("{name}: {mean_abs:e} {relative:e}");
}`,
  backprop: `// TwoLayerNet.gradient(x, t)  — crate/nn/net.rs
fn gradient(&mut self, x: &Matrix, t: &Matrix) -> (f64, Gradients) {
    // forward
    let a1 = self.affine1.forward(x);       // a1 = np.dot(x, W1) + b1
    let z1 = self.activation.forward(&a1);  // z1 = sigmoid(a1)
    let a2 = self.affine2.forward(&z1);     // a2 = np.dot(z1, W2) + b2
    let loss = self.last.forward(&a2, t);   // y = softmax(a2); cross_entropy_error(y, t)
    // backward
    let da2 = self.last.backward();         // dy = (y - t) / batch_num
    let dz1 = self.affine2.backward(&da2);  // grads['W2'] = np.dot(z1.T, dy); dz1 = np.dot(dy, W2.T)
    let da1 = self.activation.backward(&dz1); // da1 = sigmoid_grad(a1) * dz1
    self.affine1.backward_params(&da1);     // grads['W1'] = np.dot(x.T, da1)
    // (grads['b1'], grads['b2'] = column sums of da1, dy)
    (loss, self.take_gradients())
}

// one SGD step, the same for both gradients
for (p, g) in params.iter_mut().zip(grads) {
    *p -= lr * g;                           // params[key] -= learning_rate * grad[key]
}`,
};

/** A collapsed listing: `which` is numerical, check or backprop; the summary is translated. */
export function codeListing(which, summaryKey) {
  return `<details class="code-listing" data-listing="${which}">
      <summary data-i18n="${summaryKey}"></summary>
      <pre><code>${escapeHtml(LISTINGS[which])}</code></pre>
    </details>`;
}
