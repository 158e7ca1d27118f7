// The one translation table, and the helpers that apply it.
//
// Static text: elements carry data-i18n="key" (textContent) or data-i18n-attr="attr:key;attr:key"
// (e.g. aria-label, title). Dynamic text: t(key, { name: value }) fills {name} placeholders.
// The language defaults to navigator.language, and the learner's choice is kept in localStorage.

const STORAGE_KEY = 'gradlab-lang';
export const LANGUAGES = ['en', 'ja'];

const TABLE = {
  en: {
    'app.title': 'GradLab — chapter 4 of Deep Learning from Scratch',
    'app.skip': 'Skip to content',
    'app.tagline': 'See how a neural network learns — chapter 4 of “Deep Learning from Scratch”',
    'nav.label': 'Parts of chapter 4',
    'nav.cycle': 'Learning cycle',
    'nav.loss': 'Loss functions',
    'nav.descent': 'Gradient descent',
    'nav.lr': 'Learning rate',
    'nav.minibatch': 'Mini-batch',
    'nav.backprop': 'Numerical diff vs backprop',
    'nav.train': 'Train on MNIST',
    'nav.draw': 'Draw a digit',
    'lang.label': 'Language',
    'soon.badge': 'Coming soon',
    'soon.text': 'This part is being built. Meanwhile, train a real network in “Train on MNIST”.',
    'soon.go': 'Go to Train on MNIST',
    'soon.cycle': 'The whole picture: sample a mini-batch, forward, loss, gradient, update, repeat.',
    'soon.loss': 'Sum of squared errors vs cross-entropy: how each punishes a wrong prediction.',
    'soon.descent': 'Follow the gradient downhill on f(x0, x1) = x0² + x1².',
    'soon.lr': 'Too small, just right, too large: what the learning rate η does to the descent.',
    'soon.minibatch': 'Why 100 random images stand in for all 60,000.',
    'soon.backprop': 'The same gradient two ways — and why one is thousands of times faster.',

    'train.title': 'Train on MNIST',
    'train.intro': 'A two-layer network (784 → hidden → 10) learns handwritten digits with mini-batch SGD. Press Start and watch the learning cycle run.',
    'ctl.legend.data': 'Data',
    'ctl.legend.net': 'Network',
    'ctl.legend.sgd': 'Training',
    'ctl.data': 'Dataset',
    'ctl.data.user': 'Your files',
    'ctl.subset': 'Training images',
    'ctl.test': 'Test images',
    'ctl.hidden': 'Hidden units',
    'ctl.act': 'Activation',
    'act.sigmoid': 'sigmoid',
    'act.relu': 'ReLU',
    'ctl.init': 'Weight init',
    'init.std': 'std 0.01 (book)',
    'init.xavier': 'Xavier',
    'init.he': 'He',
    'ctl.lr': 'Learning rate η',
    'ctl.lr.hint': 'Log scale, 0.0001 – 10. You can change it while training.',
    'ctl.batch': 'Batch size',
    'ctl.iters': 'Iterations',
    'ctl.sampler': 'Mini-batch sampling',
    'sampler.choice': 'random (np.random.choice)',
    'sampler.shuffle': 'shuffle each epoch',
    'ctl.seed': 'Seed',
    'ctl.seed.hint': 'Empty means a random seed.',
    'seed.used': 'seed used: {seed}',
    'btn.start': 'Start',
    'btn.pause': 'Pause',
    'btn.resume': 'Resume',
    'btn.reset': 'Reset',

    'status.label': 'Status',
    'status.booting': 'Starting…',
    'status.idle': 'Ready',
    'status.loading': 'Loading data…',
    'status.training': 'Training…',
    'status.paused': 'Paused',
    'status.finished': 'Finished',
    'status.diverged': 'Diverged',
    'prog.iteration': 'Iteration',
    'prog.eta': 'Time left',
    'prog.speed': 'Steps / s',
    'prog.loss': 'Loss (smoothed)',
    'prog.trainAcc': 'Train accuracy',
    'prog.testAcc': 'Test accuracy',
    'prog.epoch': 'Epoch',
    'lr.ack': 'learning rate {lr} applied at iteration {i}',
    'diverged.msg': 'The loss diverged at iteration {i} — lower the learning rate and press Reset.',
    'data.loading': 'Loading {name}: {done} / {total} chunks',
    'data.ready': '{name} ready',

    'chart.loss.title': 'Loss per iteration',
    'chart.loss.x': 'iteration',
    'chart.loss.y': 'loss (cross-entropy, nats)',
    'chart.loss.raw': 'mini-batch loss',
    'chart.loss.smooth': 'smoothed',
    'chart.loss.alt': 'Loss chart: {n} iterations so far; latest smoothed loss {loss} nats.',
    'chart.loss.empty': 'Loss chart: no iterations yet.',
    'chart.acc.title': 'Accuracy per epoch',
    'chart.acc.x': 'epoch',
    'chart.acc.y': 'accuracy (%)',
    'chart.acc.train': 'train',
    'chart.acc.test': 'test',
    'chart.acc.alt': 'Accuracy chart: {n} epochs so far; latest train accuracy {train}, test accuracy {test}.',
    'chart.acc.empty': 'Accuracy chart: no epochs yet.',

    'cycle.title': 'The learning cycle (section 1)',
    'cycle.sample': 'Mini-batch',
    'cycle.sample.d': 'pick {batch} training images',
    'cycle.forward': 'Forward',
    'cycle.forward.d': 'input → weights → y',
    'cycle.loss': 'Loss',
    'cycle.loss.d': 'L = cross_entropy(y, t)',
    'cycle.gradient': 'Gradient',
    'cycle.gradient.d': '∂L/∂W, ∂L/∂b (backprop)',
    'cycle.update': 'Update',
    'cycle.update.d': 'W ← W − η∇W',
    'cycle.repeat': 'repeat',
    'cycle.evaluate': 'Evaluate',
    'cycle.evaluate.d': 'train & test accuracy at each epoch end',

    'files.title': 'Use your own IDX files',
    'files.hint': 'The four standard files: train-images, train-labels, t10k-images, t10k-labels (raw or .gz).',
    'files.choose': 'Choose files…',
    'files.drop': 'or drop the four files here',
    'files.reading': 'Reading {n} files…',
    'files.loaded': 'Your files are loaded: {train} training and {test} test images.',
    'files.missing': 'Missing files: {names}. Please add all four.',
    'files.unknown': 'Ignored (name not recognised): {names}',
    'role.trainImages': 'train-images',
    'role.trainLabels': 'train-labels',
    'role.testImages': 't10k-images',
    'role.testLabels': 't10k-labels',
    'error.dismiss': 'Dismiss',
    'error.boot': 'GradLab could not start: {message}',
    'error.run': 'Training could not run: {message}',
    'error.data': 'The data could not be loaded: {message}',
    'error.files': 'Your files could not be used — {message}. The previous dataset is still in use.',
    'error.export': 'The network could not be exported: {message}',

    'btn.keep': 'Keep this network',
    'keep.saving': 'Keeping this network…',
    'keep.done': 'Kept as “{name}”.',
    'keep.go': 'Draw a digit with it →',
    'keep.error': 'The network could not be kept: {message}',

    'draw.title': 'Draw a digit',
    'draw.intro': 'Draw a digit from 0 to 9 and watch the network read it. The pad’s drawing is turned into a 28 × 28 image the way MNIST was made, then goes forward through the network: 784 pixels → hidden layer → 10 scores → softmax.',
    'draw.error.boot': 'The default network could not be loaded: {message}',
    'draw.error.store': 'Your kept networks could not be read or changed: {message}',
    'draw.error.load': 'The network “{name}” could not be loaded: {message}. The previous network is still in use.',
    'draw.model.title': 'Network',
    'draw.model.label': 'Network used',
    'draw.model.export': 'Export…',
    'draw.model.import': 'Import…',
    'draw.model.delete': 'Delete',
    'draw.model.default': 'Default network ({acc})',
    'draw.model.defaultPlain': 'Default network',
    'draw.model.kept': 'Your networks',
    'draw.model.loading': 'Loading the network…',
    'draw.model.trainedOn': 'trained on {data}',
    'draw.model.accuracy': 'test accuracy {acc}',
    'draw.model.notDigits': 'its 10 classes are not digits',
    'draw.model.confirmDelete': 'Delete the network “{name}” from this browser?',
    'draw.model.deleted': '“{name}” was deleted.',
    'draw.export.done': 'Saved as {file}.',
    'draw.import.done': 'Imported “{name}”; it is now in use.',
    'draw.import.shape': 'this network takes {input} inputs and gives {output} outputs; drawing needs 784 inputs (28 × 28) and 10 outputs',
    'draw.import.error': '“{file}” is not a network GradLab can use — {message}. Nothing was changed.',
    'draw.pad.title': 'Your digit',
    'draw.pad.label': 'Drawing pad',
    'draw.pad.empty': 'Draw a digit here',
    'draw.pad.undo': 'Undo',
    'draw.pad.clear': 'Clear',
    'draw.pad.hint': 'Mouse, finger or pen. Keys on the pad: Delete or Esc clears, Ctrl+Z undoes the last stroke.',
    'draw.seen.title': 'What the network sees',
    'draw.seen.caption': '28 × 28 pixels: cropped to the ink, longer side scaled to 20 px, centred by its centre of mass — like MNIST.',
    'draw.seen.alt': 'Your drawing as the 28 × 28 grey image the network reads.',
    'draw.seen.empty': 'Empty 28 × 28 image: nothing drawn yet.',
    'draw.guess.title': 'The network’s guess',
    'draw.guess.blank': 'Draw a digit on the pad.',
    'draw.guess.sure': 'It reads {digit} ({p} sure).',
    'draw.guess.unsure': 'I am not sure — maybe {a} ({pa}) or {b} ({pb}).',
    'draw.probs.caption': 'Probability of each digit (softmax of the output scores)',
    'draw.inside.title': 'Inside the network',
    'draw.inside.intro': 'Each hidden unit multiplies the 784 pixels by its own 784 weights and adds them up. The units your drawing excites most are outlined in orange.',
    'draw.weights.alt': 'First-layer weights: {n} images of 28 × 28, {cols} a row, {rows} rows; blue where a pixel raises the unit, red where it lowers it.',
    'draw.weights.caption': 'First-layer weights, one 28 × 28 image per hidden unit ({n}). Blue: ink there raises the unit; red: lowers it.',
    'draw.hidden.empty': 'Hidden layer: {n} units ({act}), one square each in the order of the weight images. Draw to see them respond.',
    'draw.hidden.caption': 'Hidden layer: {n} units ({act}); {active} respond to your drawing (darker = stronger). Strongest: {top}.',
    'draw.hidden.captionSigmoid': 'Hidden layer: {n} units ({act}); {active} are above 0.5 for your drawing (darker = stronger). Strongest: {top}.',
    'draw.scores.caption': 'Output scores before softmax: the largest wins; softmax turns them into the probabilities above.',
  },
  ja: {
    'app.title': 'GradLab ―『ゼロから作るDeep Learning』第4章',
    'app.skip': '本文へ移動',
    'app.tagline': 'ニューラルネットワークが学習するようすを見る ―『ゼロから作るDeep Learning』第4章',
    'nav.label': '第4章の内容',
    'nav.cycle': '学習の全体像',
    'nav.loss': '損失関数',
    'nav.descent': '勾配降下法',
    'nav.lr': '学習率',
    'nav.minibatch': 'ミニバッチ',
    'nav.backprop': '数値微分 vs 誤差逆伝播法',
    'nav.train': 'MNISTで学習',
    'nav.draw': '数字を描く',
    'lang.label': '言語',
    'soon.badge': '準備中',
    'soon.text': 'このパートは準備中です。その間に「MNISTで学習」で実際のネットワークを学習させてみましょう。',
    'soon.go': '「MNISTで学習」へ',
    'soon.cycle': '全体像：ミニバッチ抽出 → 順伝播 → 損失 → 勾配 → 更新 → 繰り返し。',
    'soon.loss': '二乗和誤差と交差エントロピー誤差：間違った予測へのペナルティの違い。',
    'soon.descent': 'f(x0, x1) = x0² + x1² の上で勾配をたどって谷底へ。',
    'soon.lr': '小さすぎ・ちょうどよい・大きすぎ：学習率 η が降下に与える影響。',
    'soon.minibatch': 'なぜランダムな100枚で60,000枚の代わりになるのか。',
    'soon.backprop': '同じ勾配を2通りで ― そして一方が何千倍も速い理由。',

    'train.title': 'MNISTで学習',
    'train.intro': '2層ネットワーク（784 → 隠れ層 → 10）がミニバッチSGDで手書き数字を学習します。「開始」を押して、学習サイクルが回るようすを見てみましょう。',
    'ctl.legend.data': 'データ',
    'ctl.legend.net': 'ネットワーク',
    'ctl.legend.sgd': '学習',
    'ctl.data': 'データセット',
    'ctl.data.user': 'あなたのファイル',
    'ctl.subset': '訓練画像の枚数',
    'ctl.test': 'テスト画像の枚数',
    'ctl.hidden': '隠れ層のニューロン数',
    'ctl.act': '活性化関数',
    'act.sigmoid': 'シグモイド',
    'act.relu': 'ReLU',
    'ctl.init': '重みの初期値',
    'init.std': '標準偏差 0.01（本書）',
    'init.xavier': 'Xavier',
    'init.he': 'He',
    'ctl.lr': '学習率 η',
    'ctl.lr.hint': '対数目盛、0.0001〜10。学習中でも変更できます。',
    'ctl.batch': 'バッチサイズ',
    'ctl.iters': '繰り返し回数',
    'ctl.sampler': 'ミニバッチの選び方',
    'sampler.choice': 'ランダム（np.random.choice）',
    'sampler.shuffle': 'エポックごとにシャッフル',
    'ctl.seed': '乱数シード',
    'ctl.seed.hint': '空欄ならランダムなシード。',
    'seed.used': '使用したシード: {seed}',
    'btn.start': '開始',
    'btn.pause': '一時停止',
    'btn.resume': '再開',
    'btn.reset': 'リセット',

    'status.label': '状態',
    'status.booting': '起動中…',
    'status.idle': '準備完了',
    'status.loading': 'データを読み込み中…',
    'status.training': '学習中…',
    'status.paused': '一時停止中',
    'status.finished': '完了',
    'status.diverged': '発散',
    'prog.iteration': '繰り返し',
    'prog.eta': '残り時間',
    'prog.speed': 'ステップ/秒',
    'prog.loss': '損失（平滑化）',
    'prog.trainAcc': '訓練精度',
    'prog.testAcc': 'テスト精度',
    'prog.epoch': 'エポック',
    'lr.ack': '学習率 {lr} を繰り返し {i} から適用しました',
    'diverged.msg': '繰り返し {i} で損失が発散しました ― 学習率を下げて「リセット」を押してください。',
    'data.loading': '{name} を読み込み中: {done} / {total} チャンク',
    'data.ready': '{name} の準備ができました',

    'chart.loss.title': '繰り返しごとの損失',
    'chart.loss.x': '繰り返し回数',
    'chart.loss.y': '損失（交差エントロピー, nats）',
    'chart.loss.raw': 'ミニバッチの損失',
    'chart.loss.smooth': '平滑化',
    'chart.loss.alt': '損失のグラフ: これまで {n} 回の繰り返し。最新の平滑化損失は {loss} nats。',
    'chart.loss.empty': '損失のグラフ: まだデータがありません。',
    'chart.acc.title': 'エポックごとの認識精度',
    'chart.acc.x': 'エポック',
    'chart.acc.y': '認識精度（%）',
    'chart.acc.train': '訓練',
    'chart.acc.test': 'テスト',
    'chart.acc.alt': '認識精度のグラフ: これまで {n} エポック。最新の訓練精度 {train}、テスト精度 {test}。',
    'chart.acc.empty': '認識精度のグラフ: まだエポックがありません。',

    'cycle.title': '学習サイクル（第1節）',
    'cycle.sample': 'ミニバッチ抽出',
    'cycle.sample.d': '訓練画像から {batch} 枚を選ぶ',
    'cycle.forward': '順伝播',
    'cycle.forward.d': '入力 → 重み → 出力 y',
    'cycle.loss': '損失関数',
    'cycle.loss.d': 'L = cross_entropy(y, t)',
    'cycle.gradient': '勾配の計算',
    'cycle.gradient.d': '∂L/∂W, ∂L/∂b（誤差逆伝播法）',
    'cycle.update': 'パラメータ更新',
    'cycle.update.d': 'W ← W − η∇W',
    'cycle.repeat': '繰り返し',
    'cycle.evaluate': '評価',
    'cycle.evaluate.d': 'エポックの終わりに訓練・テスト精度',

    'files.title': '自分のIDXファイルを使う',
    'files.hint': '標準の4ファイル: train-images, train-labels, t10k-images, t10k-labels（生データまたは .gz）。',
    'files.choose': 'ファイルを選ぶ…',
    'files.drop': 'または4つのファイルをここにドロップ',
    'files.reading': '{n} 個のファイルを読み込み中…',
    'files.loaded': 'あなたのファイルを読み込みました: 訓練画像 {train} 枚、テスト画像 {test} 枚。',
    'files.missing': '足りないファイル: {names}。4つすべて追加してください。',
    'files.unknown': '無視したファイル（名前を判別できません）: {names}',
    'role.trainImages': 'train-images',
    'role.trainLabels': 'train-labels',
    'role.testImages': 't10k-images',
    'role.testLabels': 't10k-labels',
    'error.dismiss': '閉じる',
    'error.boot': 'GradLab を起動できませんでした: {message}',
    'error.run': '学習を実行できませんでした: {message}',
    'error.data': 'データを読み込めませんでした: {message}',
    'error.files': 'ファイルを使えませんでした ― {message}。以前のデータセットをそのまま使います。',
    'error.export': 'ネットワークを書き出せませんでした: {message}',

    'btn.keep': 'このネットワークを保存',
    'keep.saving': 'このネットワークを保存中…',
    'keep.done': '「{name}」として保存しました。',
    'keep.go': 'これで数字を描いてみる →',
    'keep.error': 'ネットワークを保存できませんでした: {message}',

    'draw.title': '数字を描く',
    'draw.intro': '0〜9の数字を描いて、ネットワークがどう読むかを見てみましょう。描いた絵はMNISTと同じ手順で28 × 28の画像になり、ネットワークを順伝播します：784ピクセル → 隠れ層 → 10個のスコア → ソフトマックス。',
    'draw.error.boot': '既定のネットワークを読み込めませんでした: {message}',
    'draw.error.store': '保存したネットワークを読み書きできませんでした: {message}',
    'draw.error.load': 'ネットワーク「{name}」を読み込めませんでした: {message}。以前のネットワークをそのまま使います。',
    'draw.model.title': 'ネットワーク',
    'draw.model.label': '使うネットワーク',
    'draw.model.export': 'ファイルに書き出す…',
    'draw.model.import': 'ファイルから読み込む…',
    'draw.model.delete': '削除',
    'draw.model.default': '既定のネットワーク（{acc}）',
    'draw.model.defaultPlain': '既定のネットワーク',
    'draw.model.kept': 'あなたのネットワーク',
    'draw.model.loading': 'ネットワークを読み込み中…',
    'draw.model.trainedOn': '{data} で学習',
    'draw.model.accuracy': 'テスト精度 {acc}',
    'draw.model.notDigits': '10クラスは数字ではありません',
    'draw.model.confirmDelete': 'ネットワーク「{name}」をこのブラウザから削除しますか？',
    'draw.model.deleted': '「{name}」を削除しました。',
    'draw.export.done': '{file} として保存しました。',
    'draw.import.done': '「{name}」を読み込み、使用中にしました。',
    'draw.import.shape': 'このネットワークは入力 {input}・出力 {output} です。描いた数字には入力 784（28 × 28）・出力 10 が必要です',
    'draw.import.error': '「{file}」は GradLab で使えるネットワークではありません ― {message}。何も変更していません。',
    'draw.pad.title': 'あなたの数字',
    'draw.pad.label': 'お絵かきパッド',
    'draw.pad.empty': 'ここに数字を描く',
    'draw.pad.undo': '元に戻す',
    'draw.pad.clear': '消去',
    'draw.pad.hint': 'マウス・指・ペンで描けます。パッド上のキー: Delete または Esc で消去、Ctrl+Z で最後の一筆を取り消し。',
    'draw.seen.title': 'ネットワークが見ている画像',
    'draw.seen.caption': '28 × 28ピクセル：インクの範囲で切り出し、長い辺を20ピクセルに縮小し、重心が中央に来るよう配置（MNISTと同じ）。',
    'draw.seen.alt': 'あなたの絵を、ネットワークが読む28 × 28のグレー画像にしたもの。',
    'draw.seen.empty': '空の28 × 28画像：まだ何も描かれていません。',
    'draw.guess.title': 'ネットワークの答え',
    'draw.guess.blank': 'パッドに数字を描いてください。',
    'draw.guess.sure': '{digit} と読みました（確率 {p}）。',
    'draw.guess.unsure': '自信がありません ― {a}（{pa}）か {b}（{pb}）かもしれません。',
    'draw.probs.caption': '各数字の確率（出力スコアのソフトマックス）',
    'draw.inside.title': 'ネットワークの中身',
    'draw.inside.intro': '隠れ層の各ニューロンは、784個のピクセルにそれぞれの重みを掛けて足し合わせます。あなたの絵に最も強く反応したニューロンをオレンジの枠で示します。',
    'draw.weights.alt': '1層目の重み: 28 × 28の画像が {n} 枚、1行に {cols} 枚、{rows} 行。青はそのピクセルがニューロンを強め、赤は弱めることを表します。',
    'draw.weights.caption': '1層目の重み（隠れ層のニューロン {n} 個それぞれに28 × 28の画像）。青：そこにインクがあると強まる、赤：弱まる。',
    'draw.hidden.empty': '隠れ層: {n} 個のニューロン（{act}）。重みの画像と同じ順に1マスずつ。描くと反応が見えます。',
    'draw.hidden.caption': '隠れ層: {n} 個のニューロン（{act}）のうち {active} 個があなたの絵に反応（濃いほど強い）。最も強いもの: {top}。',
    'draw.hidden.captionSigmoid': '隠れ層: {n} 個のニューロン（{act}）のうち {active} 個が 0.5 を超えています（濃いほど強い）。最も強いもの: {top}。',
    'draw.scores.caption': 'ソフトマックス前の出力スコア：最大のものが答え。ソフトマックスで上の確率になります。',
  },
};

let current = 'en';
const listeners = new Set();

export function language() {
  return current;
}

/** The translated text for `key`, with {name} placeholders filled from `params`. */
export function t(key, params = {}) {
  const text = TABLE[current][key] ?? TABLE.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
}

/** Translates every data-i18n / data-i18n-attr element under `root`. */
export function translate(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of el.dataset.i18nAttr.split(';')) {
      const [attr, key] = pair.split(':');
      el.setAttribute(attr.trim(), t(key.trim()));
    }
  }
}

/** Called with the new language after every switch (views re-render their dynamic text). */
export function onLanguageChange(fn) {
  listeners.add(fn);
}

/** Switches the page to `lang`; `remember` saves it as the learner's choice. */
export function setLanguage(lang, remember = true) {
  current = LANGUAGES.includes(lang) ? lang : 'en';
  document.documentElement.lang = current;
  if (remember) {
    try {
      localStorage.setItem(STORAGE_KEY, current);
    } catch {
      // storage can be unavailable (private mode); the choice then lasts for this page only
    }
  }
  translate();
  for (const fn of listeners) fn(current);
}

/** Saved choice, else the browser's language, else English. */
export function initialLanguage() {
  let saved = null;
  try {
    saved = localStorage.getItem(STORAGE_KEY);
  } catch {
    saved = null;
  }
  if (LANGUAGES.includes(saved)) return saved;
  const browser = (navigator.language || 'en').toLowerCase();
  return browser.startsWith('ja') ? 'ja' : 'en';
}
