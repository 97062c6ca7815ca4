// Kazakh hyphenation patterns, for the `hyphen` engine (which has none for kk). No npm package ships
// Kazakh patterns; hyph-utf8's `hyph-kk` (public domain, 2025: Mojca Miklavec, Robert Ermers, Arthur
// Rosendahl; hyphenmins 2/2) is generated from a few syllable rules, so the same rules are written
// here and turned into the same TeX patterns (checked equal, as a set, to hyph-kk.pat.txt of
// hyphenation/tex-hyphen at 5684c0f5, less its `1-4`, which only concerns words written with a
// hyphen: ours are letters only):
//   - after a vowel when one consonant and a vowel follow (а1ба: Қа-зақ);
//   - between two consonants (қ1с), but not in a cluster that starts a word (.с2т);
//   - a few clusters kept together or split elsewhere (у2т1ш, л1с2к, с1т2р, н2г1л…).
// `compilePatterns` turns TeX patterns into the `hyphen` package's trie, so Kazakh goes through the
// same engine, limits and exceptions as English and Russian.

const VOWELS = [...'аоұыуюяеәіүөё'];
// у is both: a vowel (у-ақыт) and a consonant (тау-ы); hyph-kk lists it in both sets.
const CONSONANTS = [...'бвгғджзһкқпстфхцчшщйлмнңру'];
const SUFFIX_CONSONANTS = [...'дтскқгғлбмпш'];
const CLUSTERS = ['с2к1д', 'л1с2к', 'л1с2т', 'с1т2р', 'н2г1л', 'н1г2р', 'с2к1у'];

/** The Kazakh patterns in TeX notation (digits between letters, `.` for a word edge). */
export function kazakhPatterns(): string[] {
  const out = new Set<string>();
  for (const v of VOWELS) for (const c of CONSONANTS) for (const w of VOWELS) out.add(`${v}1${c}${w}`);
  for (const c of CONSONANTS) {
    for (const d of CONSONANTS) {
      out.add(`${c}1${d}`);
      out.add(`.${c}2${d}`);
    }
  }
  for (const c of SUFFIX_CONSONANTS) out.add(`у2т1${c}`);
  for (const cluster of CLUSTERS) out.add(cluster);
  return [...out];
}

const CONSONANT = /[бвгғджзһкқпстфхцчшщйлмнңрьъ]/;
const VOWEL = /[аоұыуюяеәіүөёиэ]/;

/**
 * hyph-kk reads у as a consonant everywhere, so a loanword's у between two consonants (Республика)
 * gets breaks on both sides: Респ-ублика. There у is a vowel: no break before it, and none after it
 * unless one consonant and a vowel follow (Рес-пуб-лика, ту-ра-лы).
 */
export function kazakhWrongBreak(lower: string, at: number): boolean {
  const vowelU = (i: number) =>
    lower[i] === 'у' && CONSONANT.test(lower[i - 1] ?? '') && CONSONANT.test(lower[i + 1] ?? '');
  return vowelU(at) || (vowelU(at - 1) && !VOWEL.test(lower[at + 1] ?? ''));
}

/** A trie node of the `hyphen` package: children, a levels index, or both ([children, index]). */
type Node = { [letter: string]: Node | number | [Node, number] };
interface Building {
  children: Map<string, Building>;
  levels?: number;
}

/** TeX patterns → the `hyphen` package's [levels table, trie] (its patterns/*.js format). */
export function compilePatterns(patterns: readonly string[]): [number[][], Node] {
  const table: number[][] = [];
  const indexOf = new Map<string, number>();
  const root: Building = { children: new Map() };
  for (const pattern of patterns) {
    const letters: string[] = [];
    const levels: number[] = [0];
    for (const ch of pattern) {
      if (/\d/.test(ch)) levels[levels.length - 1] = Number(ch);
      else {
        letters.push(ch);
        levels.push(0);
      }
    }
    // The package leaves out the level before a word-start `.` (nothing can break there).
    if (letters[0] === '.') levels.shift();
    while (levels.length > 1 && levels.at(-1) === 0) levels.pop();
    const key = levels.join(',');
    if (!indexOf.has(key)) {
      indexOf.set(key, table.length);
      table.push(levels);
    }
    let node = root;
    for (const letter of letters) {
      let next = node.children.get(letter);
      if (!next) node.children.set(letter, (next = { children: new Map() }));
      node = next;
    }
    node.levels = indexOf.get(key)!;
  }
  return [table, toNode(root)];
}

function toNode(building: Building): Node {
  const node: Node = {};
  for (const [letter, child] of building.children) {
    const children = child.children.size > 0 ? toNode(child) : undefined;
    if (child.levels === undefined) node[letter] = children!;
    else node[letter] = children ? [children, child.levels] : child.levels;
  }
  return node;
}
