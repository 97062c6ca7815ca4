// Declarations for dependencies that ship no types of their own (only what we use of them).
declare module '@adobe/remark-gridtables' {
  import type { Plugin } from 'unified';
  import type { Root } from 'mdast';
  const remarkGridTables: Plugin<[], Root>;
  export default remarkGridTables;
}

declare module '@adobe/mdast-util-gridtables' {
  import type { Handler } from 'mdast-util-to-hast';
  export const mdast2hastGridTablesHandler: (options?: { noHeader?: boolean }) => Handler;
  export const gridTablesToMarkdown: () => import('mdast-util-to-markdown').Options;
}
