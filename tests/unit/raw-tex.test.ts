// Raw TeX in Markdown written for a LaTeX PDF (Pandoc's raw_tex), as tompollard/phd_thesis_markdown
// writes it: text-style commands keep their text, anything else is left out with one positioned
// warning per paragraph, and nothing prints as typed; and the thesis' multiline table, whose header
// text runs one character past its dashes. In-process, no browser.
import { describe, expect, it } from 'vitest';
import { fromHtml } from 'hast-util-from-html';
import { select, selectAll } from 'hast-util-select';
import { toText } from 'hast-util-to-text';
import { chapterHtml } from '../../src/render/html.js';
import { edition } from '../support/edition.js';

const FIX =
  '(delete it, or write what it says in Markdown: chapters start on a new page and the contents are made by themselves; a backslash meant as text is written `\\\\`) briefing:raw-tex';

async function chapter(markdown: string) {
  const { edition: e, messages } = await edition({ 'en/01-one.md': markdown });
  const tree = e.chapters[0]
    ? fromHtml(chapterHtml(e.chapters[0].tree, 'screen', 'en'), { fragment: true })
    : undefined;
  return { tree: tree!, messages };
}

describe('raw TeX', () => {
  it('keeps a styled text and leaves the layout commands out, with one warning at the first', async () => {
    const { tree, messages } = await chapter(
      [
        '\\setcounter{page}{1}',
        '\\doublespacing',
        '',
        '# One',
        '',
        '\\vspace*{\\fill}',
        '\\noindent',
        '\\textit{',
        'I confirm that the work is my own.',
        '}',
        '\\vspace*{\\fill}',
        '\\newpage',
        '',
        'Set in \\LaTeX, with \\textbf{bold \\emph{and} more} and \\texttt{code}.',
      ].join('\n'),
    );
    expect(messages).toEqual([
      `en/01-one.md:1:1 warning raw TeX left out, as only a LaTeX PDF obeys it: \`\\setcounter\`, \`\\doublespacing\` ${FIX}`,
      `en/01-one.md:6:1 warning raw TeX left out, as only a LaTeX PDF obeys it: \`\\vspace\`, \`\\noindent\`, \`\\newpage\` ${FIX}`,
    ]);
    const [statement, styled] = selectAll('p', tree);
    // The two `\vspace*` did not make emphasis of what stands between them.
    expect(statement!.children).toHaveLength(1);
    expect(toText(select('em', statement)!)).toBe('I confirm that the work is my own.');
    expect(toText(styled!)).toBe('Set in LaTeX, with bold and more and code.');
    expect(toText(select('strong', styled)!)).toBe('bold and more');
    expect(toText(select('code', styled)!)).toBe('code');
    expect(toText(tree)).not.toContain('\\');
  });

  it('leaves an environment out with what it holds, and a paragraph left empty goes', async () => {
    const { tree, messages } = await chapter(
      '# One\n\nBefore.\n\n\\begin{tabbing}\n\\textbf{API}~~~~ \\= \\textbf{A}pplication \\\\\n\\end{tabbing}\n\nAfter.\n',
    );
    expect(messages).toEqual([
      `en/01-one.md:5:1 warning raw TeX left out, as only a LaTeX PDF obeys it: \`\\begin{tabbing} … \\end{tabbing}\` ${FIX}`,
    ]);
    expect(selectAll('p', tree).map((p) => toText(p))).toEqual(['Before.', 'After.']);
  });

  it('reads as before what is not a TeX command: escapes, math, code, a lone backslash', async () => {
    const { tree, messages } = await chapter(
      '# One\n\nA \\* star, \\{braces\\}, $\\alpha$, `\\newpage` and a \\ alone.\n',
    );
    expect(messages).toEqual([]);
    const paragraph = select('p', tree)!;
    expect(toText(paragraph)).toContain('A * star, {braces}, ');
    expect(select('math', paragraph)).toBeTruthy();
    expect(toText(select('code', paragraph)!)).toBe('\\newpage');
    expect(toText(paragraph)).toContain('and a \\ alone.');
  });

  it('says a file of raw TeX alone has nothing to print', async () => {
    const { messages } = await edition({
      'en/01-one.md': '# One\n\nText.\n',
      'en/02-contents.md': '\\pagenumbering{gobble}\n\n\\tableofcontents\n',
    });
    expect(messages).toContain(
      'en/02-contents.md:1:1 error file has nothing to print: it holds only raw TeX, which is left out (write the chapter, or delete the file; a LaTeX-only page such as `\\tableofcontents` is not needed: Briefing makes the contents by itself) briefing:empty-file',
    );
  });
});

describe('a multiline table from the same thesis', () => {
  it("splits its cells where Pandoc does: a column's width is its dashes and the spaces after them", async () => {
    const { tree, messages } = await chapter(
      [
        '# One',
        '',
        '-------------------------------------------',
        'Landmass      \\%      Number of   Dolphins per',
        '             stuff    Owls        Capita',
        '------------ ------- --------- --------------',
        '    North       94%    20,028       17,465',
        ' America',
        '-------------------------------------------',
        '',
        ': Important data. []{#tbl:random}',
      ].join('\n'),
    );
    expect(messages).toEqual([]);
    expect(selectAll('th', tree).map((th) => toText(th).replace(/\s+/g, ' '))).toEqual([
      'Landmass',
      '% stuff',
      'Number of Owls',
      'Dolphins per Capita',
    ]);
    expect(selectAll('td', tree).map((td) => toText(td).replace(/\s+/g, ' '))).toEqual([
      'North America',
      '94%',
      '20,028',
      '17,465',
    ]);
  });
});

describe("Pandoc's raw attribute", () => {
  it('reads `{=html}` code as raw HTML and leaves any other format out with a warning', async () => {
    const { tree, messages } = await chapter(
      '# One\n\nText `\\newpage`{=latex} and `<sub>2</sub>`{=html}.\n\n```{=latex}\n\\clearpage\n```\n\n```{=html}\n<p><kbd>Ctrl</kbd></p>\n```\n\nEnd.\n',
    );
    const fix = '(delete it, or write what it says in Markdown) briefing:raw-format';
    expect(messages).toEqual([
      `en/01-one.md:3:6 warning raw \`latex\` code is left out: it is written for a latex output only ${fix}`,
      `en/01-one.md:5:1 warning raw \`latex\` code is left out: it is written for a latex output only ${fix}`,
    ]);
    expect(selectAll('p', tree).map((p) => toText(p).replace(/\s+/g, ' '))).toEqual(['Text and 2.', 'Ctrl', 'End.']);
    expect(select('p > sub', tree)).toBeTruthy();
    expect(select('p > kbd', tree)).toBeTruthy();
    expect(selectAll('pre, code', tree)).toEqual([]);
  });
});

describe('Quarto and R Markdown', () => {
  it('reads a .qmd chapter; a code cell is printed as code without its options, said not to be run', async () => {
    const { edition: e, messages } = await edition({
      'en/01-one.qmd':
        '# One\n\n```{python}\n#| label: fig-bill\n#| echo: false\nimport pandas as pd\n```\n\n```{r, echo=FALSE}\nsummary(cars)\n```\n',
    });
    const fix =
      '(render the document to Markdown with Quarto or knitr first, or put the output in the text) briefing:code-cell';
    expect(messages).toEqual([
      `en/01-one.qmd:3:1 warning code cell \`{python}\` is not run: its code is printed, and its output is not there ${fix}`,
      `en/01-one.qmd:9:1 warning code cell \`{r}\` is not run: its code is printed, and its output is not there ${fix}`,
    ]);
    const tree = fromHtml(chapterHtml(e.chapters[0]!.tree, 'screen', 'en'), { fragment: true });
    expect(selectAll('pre code', tree).map((code) => [code.properties.className, toText(code)])).toEqual([
      [['hljs', 'language-python'], 'import pandas as pd'],
      [['hljs', 'language-r'], 'summary(cars)'],
    ]);
  });
});
