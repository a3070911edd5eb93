// Rebuilds syllables.tsv.gz, the syllable counts the reading-level test uses, from the CMU Pronouncing
// Dictionary (npm package cmu-pronouncing-dictionary, CMUdict's BSD-style licence, packaging ISC).
// A word's syllables are the vowels in its first pronunciation (each carries a stress digit 0, 1 or 2).
//
//   cd "$(mktemp -d)" && npm install cmu-pronouncing-dictionary@3.0.0 && \
//     node /path/to/tests/IopFinder.Tests/Content/build-syllables.mjs "$PWD/node_modules/cmu-pronouncing-dictionary/index.js"
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const source = process.argv[2];
if (!source) {
  console.error('usage: node build-syllables.mjs PATH/TO/cmu-pronouncing-dictionary/index.js');
  process.exit(2);
}

const { dictionary } = await import(pathToFileURL(source).href);
const lines = [];
for (const [word, phones] of Object.entries(dictionary)) {
  // Variants are written "word(2)"; the first pronunciation is the usual one. Only plain words are kept.
  if (!/^[a-z][a-z']*$/.test(word)) continue;
  const syllables = (phones.match(/[012]/g) ?? []).length;
  if (syllables > 0) lines.push(`${word}\t${syllables}`);
}
lines.sort();
const out = join(dirname(fileURLToPath(import.meta.url)), 'syllables.tsv.gz');
writeFileSync(out, gzipSync(lines.join('\n') + '\n', { level: 9 }));
console.log(`${lines.length} words -> ${out}`);
