// Shared by the tests that read the recorded Postfix 3.7.11 corpus (test/vectors/, a copy of
// ../shared/conformance/postfix-3.7.11.jsonl).
import { readFileSync } from 'node:fs';

/** Every record of the corpus, in file order. */
export function loadCorpus<T>(): T[] {
  return readFileSync(new URL('../vectors/postfix-3.7.11.jsonl', import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as T);
}

/** Postfix's xtext_unquote(): `+XX` in either case; on any bad escape the raw text. */
export function postfixXtext(raw: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] !== '+') {
      out += raw[i];
      continue;
    }
    const hex = raw.slice(i + 1, i + 3);
    if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return raw;
    out += String.fromCharCode(Number.parseInt(hex, 16));
    i += 2;
  }
  return out;
}
