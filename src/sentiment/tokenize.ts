/**
 * A deliberately simple tokeniser for chat-length messages: words (with inner apostrophes),
 * emoji, text emoticons and the punctuation that ends a clause. One regular expression, one
 * pass, no look-up of its own.
 */

/**
 * `word`; `emoji` (an emoji or a text emoticon such as `:(`); `boundary` (`.`, `,`, `;`,
 * `:`, `!`, `?` or a run of them, which ends a negation's scope).
 */
export type TokenKind = 'word' | 'emoji' | 'boundary';

export interface Token {
  /** Lower-case text (apostrophes normalised to `'`). */
  text: string;
  kind: TokenKind;
  /** A word of two or more letters written all in capitals ("NEVER"). */
  isShouted: boolean;
}

const TOKEN_PATTERN = new RegExp(
  [
    // Emoticons, not glued to a word on either side (so "https://" is no ":/").
    String.raw`(?<![\p{L}\p{N}])(?:>:-?\(|:'-?\(|[:;=][-o^]?[()[\]dDpP/\\|sS*]|<3|[xX][dD])(?![\p{L}\p{N}])`,
    String.raw`[\p{L}\p{N}]+(?:['’][\p{L}]+)*`,
    String.raw`\p{Extended_Pictographic}`,
    String.raw`[.,;:!?]+`,
  ].join('|'),
  'gu',
);

const LETTER = /\p{L}/u;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  // `match` with the global flag: the matched texts in one array, not a match object per
  // token (`exec` made a third of the engine's garbage, docs/benchmarks.md).
  const matches = text.match(TOKEN_PATTERN);
  if (matches === null) return tokens;
  for (let i = 0; i < matches.length; i++) {
    const raw = matches[i];
    const first = raw.charCodeAt(0);
    if (PUNCTUATION.test(raw)) {
      tokens.push({ text: raw, kind: 'boundary', isShouted: false });
    } else if (first < 128 ? isEmoticonStart(first) || raw === 'xD' || raw === 'XD' : !LETTER.test(raw)) {
      tokens.push({ text: raw.toLowerCase(), kind: 'emoji', isShouted: false });
    } else {
      const lower = raw.toLowerCase();
      tokens.push({
        text: lower.includes('’') ? lower.replace(/’/g, "'") : lower,
        kind: 'word',
        isShouted: raw.length >= 2 && raw !== lower && raw === raw.toUpperCase(),
      });
    }
  }
  return tokens;
}

const PUNCTUATION = /^[.,;:!?]+$/;

/** `:`, `;`, `=`, `>` and `<` start an emoticon. */
function isEmoticonStart(code: number): boolean {
  return code === 58 || code === 59 || code === 61 || code === 62 || code === 60;
}
