// Math (`$…$`, `$$…$$`) → MathML, which Chromium lays out natively (MathML Core), so the formula is
// real, selectable text in the PDF and readable by screen readers, with no fonts or scripts of
// KaTeX's. KaTeX only translates TeX to MathML here (loaded only for a document with math: it is
// ~270 kB of code to compile). A formula KaTeX cannot read is an error at its line.
import type { Element, ElementContent, Root } from 'hast';
import type { VFile } from 'vfile';
import { fromHtml } from 'hast-util-from-html';
import { toText } from 'hast-util-to-text';
import { SKIP, visit } from 'unist-util-visit';
import { report } from './data.js';
import { hasClass, someElement } from '../hast-classes.js';
import { RULES } from '../rules.js';

type Katex = typeof import('katex').default;

export default function rehypeMath() {
  return async (tree: Root, file: VFile) => {
    if (!someElement(tree, (node) => hasClass(node, 'language-math'))) return;
    const { default: katex } = await import('katex');
    visit(tree, 'element', (node, index, parent) => {
      const classes = Array.isArray(node.properties.className) ? node.properties.className : [];
      if (!classes.includes('language-math') || !parent || index === undefined) return undefined;
      // Display math comes as <pre><code class="language-math math-display">, GitHub's ```math block as
      // <pre><code class="language-math">: either way, replace the <pre>.
      const display = classes.includes('math-display') || (parent.type === 'element' && parent.tagName === 'pre');
      const tex = toText(node, { whitespace: 'pre' });
      const replacement = renderMath(katex, tex, display, node, file);
      if (display && parent.type === 'element' && parent.tagName === 'pre') {
        parent.tagName = 'div';
        parent.properties = { className: ['math-display'] };
        parent.children = replacement;
        return SKIP;
      }
      parent.children.splice(index, 1, ...replacement);
      return [SKIP, index + replacement.length];
    });
  };
}

function renderMath(katex: Katex, tex: string, display: boolean, node: Element, file: VFile): ElementContent[] {
  try {
    const html = katex.renderToString(tex, {
      output: 'mathml',
      displayMode: display,
      throwOnError: true,
      strict: 'ignore',
      trust: false,
    });
    const math = fromHtml(html, { fragment: true }).children as ElementContent[];
    return math;
  } catch (error) {
    const reason = String((error as Error).message ?? error).replace(/^KaTeX parse error: /, '');
    report(
      file,
      node,
      `math cannot be read: ${reason}`,
      RULES.mathSyntax,
      'fix the TeX formula, or escape a literal dollar sign as \\$',
    );
    return [
      {
        type: 'element',
        tagName: 'code',
        properties: { className: ['math-error'] },
        children: [{ type: 'text', value: tex }],
      },
    ];
  }
}
