// `:::callout` container directives → <aside class="callout"> sidebar boxes. Checks the directive
// syntax, since remark-directive accepts anything: unknown names, nesting, empty and unclosed boxes.
import type { Root, Paragraph } from 'mdast';
import type { ContainerDirective, LeafDirective, TextDirective } from 'mdast-util-directive';
import type { VFile } from 'vfile';
import { SKIP, visit } from 'unist-util-visit';
import { toString } from 'mdast-util-to-string';
import { report } from './data.js';
import { RULES } from '../rules.js';

type Directive = ContainerDirective | LeafDirective | TextDirective;

export default function remarkCallouts() {
  return (tree: Root, file: VFile) => {
    let callouts = 0;
    const source = String(file.value);
    visit(tree, (node, index, parent) => {
      if (node.type === 'textDirective') {
        // Not part of our syntax: `10:30` or `Note:see` parse as text directives. Give the text back.
        const directive = node;
        const start = directive.position?.start.offset;
        const end = directive.position?.end.offset;
        const value = start !== undefined && end !== undefined ? source.slice(start, end) : `:${directive.name}`;
        if (parent && index !== undefined)
          parent.children.splice(index, 1, { type: 'text', value, position: directive.position });
        return SKIP;
      }
      if (node.type !== 'containerDirective' && node.type !== 'leafDirective') return undefined;
      const directive = node as Directive;
      if (directive.type !== 'containerDirective' || directive.name !== 'callout') {
        const syntax = directive.type === 'leafDirective' ? `::${directive.name}` : `:::${directive.name}`;
        report(
          file,
          directive,
          'error',
          `unknown directive "${syntax}"`,
          RULES.unknownDirective,
          'the only directive is `:::callout` … `:::`',
        );
        return SKIP;
      }
      callouts += 1;
      const end = directive.position?.end.offset;
      if (end !== undefined && !/:{3,}\s*$/.test(source.slice(Math.max(0, end - 8), end))) {
        report(
          file,
          directive,
          'error',
          'callout is not closed',
          RULES.unclosedCallout,
          'add a line with `:::` after the last statement of the box',
        );
      }
      let nested = false;
      visit(directive, 'containerDirective', (inner) => {
        if (inner !== directive && inner.name === 'callout') {
          nested = true;
          report(
            file,
            inner,
            'error',
            'callout inside a callout',
            RULES.nestedCallout,
            'close the first box with `:::` before opening the next',
          );
        }
      });
      const body = directive.children.filter((child) => !(child as Paragraph).data?.directiveLabel);
      if (!nested && body.every((child) => toString(child).trim() === '')) {
        report(
          file,
          directive,
          'error',
          'empty callout',
          RULES.emptyCallout,
          'write at least one statement inside the box, or remove it',
        );
      }
      directive.data = { ...directive.data, hName: 'aside', hProperties: { className: ['callout'] } };
      for (const child of directive.children) {
        if ((child as Paragraph).data?.directiveLabel) {
          (child as Paragraph).data = { ...child.data, hName: 'p', hProperties: { className: ['callout-title'] } };
        }
      }
      return undefined;
    });
    file.data.callouts = callouts;
  };
}
