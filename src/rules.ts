// The catalogue of every problem Briefing reports. A message ends with its rule id
// (`file:line:col severity message rule`); this is where an id is declared once, with its usual
// severity, what it means and how it is usually fixed. Code refers to a rule through RULES (never a
// string literal: ESLint refuses one), and docs/RULES.md is generated from this list (`npm run docs:rules`).
import type { Severity } from './messages.js';

export interface Rule<Id extends string = string> {
  /** `<area>:<name>`, as printed at the end of a message. */
  id: Id;
  /** The severity it is reported with (`info` is a note that never fails a build). */
  severity: Severity;
  /** What it means, in one line. */
  description: string;
  /** How it is usually fixed (the message itself says it for the case at hand). */
  fix: string;
}

function rule<Id extends `${string}:${string}`>(
  id: Id,
  severity: Severity,
  description: string,
  fix: string,
): Rule<Id> {
  return { id, severity, description, fix };
}

export const RULES = {
  // The edition's settings (briefing.yaml, strings.yaml, folders given on the command line).
  configMissingFile: rule(
    'config:missing-file',
    'error',
    'briefing.yaml or another settings file is missing',
    'create the file, or pass --content the folder that has it',
  ),
  configYamlSyntax: rule(
    'config:yaml-syntax',
    'error',
    'a settings file is not valid YAML',
    'fix the YAML at that position (indentation, a missing colon or quote)',
  ),
  configNotAMapping: rule(
    'config:not-a-mapping',
    'error',
    'a settings file is not a list of `key: value` lines',
    'write it as `key: value` lines',
  ),
  configInvalid: rule(
    'config:invalid',
    'error',
    'a setting is missing or has the wrong type or form',
    'set it as the message shows',
  ),
  configMissingFolder: rule(
    'config:missing-folder',
    'error',
    'a folder given on the command line does not exist',
    'pass an existing folder',
  ),
  configUnknownLocale: rule(
    'config:unknown-locale',
    'error',
    '--locale names a locale the edition does not list',
    'add it to `locales` in briefing.yaml, or pass one of the listed locales',
  ),

  // The content folder as a whole.
  contentMissingLocale: rule(
    'content:missing-locale',
    'error',
    'a listed locale has no folder',
    'create `content/<locale>/`',
  ),
  contentNoChapters: rule(
    'content:no-chapters',
    'error',
    'a locale folder has no chapter files',
    'add a Markdown file such as introduction.md',
  ),
  contentMissingIndex: rule(
    'content:missing-index',
    'error',
    'a chapter folder has no index.md (or README.md)',
    'add index.md with the chapter heading',
  ),
  contentEncoding: rule('content:encoding', 'error', 'a content file is not UTF-8', 'save the file as UTF-8'),

  newNotEmpty: rule(
    'new:not-empty',
    'error',
    '`briefing new` was given a folder that already holds files',
    'name a folder that does not exist yet (nothing is overwritten)',
  ),
  contentUnlisted: rule(
    'content:unlisted-file',
    'error',
    'a Markdown file or folder of the locale folder is not in `chapters:` (briefing.yaml): it would be left out',
    'add it to `chapters:` where it belongs, or move it out of the locale folder',
  ),
  contentPartialFile: rule(
    'content:partial-file',
    'warning',
    'a Markdown file whose name starts with `_` is a partial that pages include (Quarto, Jekyll): it is left out, not read as a chapter',
    'copy its text where it is included, or rename it without the `_` to make it a chapter',
  ),
  contentQuartoUnlisted: rule(
    'content:quarto-unlisted',
    'warning',
    'a Markdown file or folder of a Quarto project is not among the pages its _quarto.yml lists: it is left out, as Quarto leaves it out',
    'list it in _quarto.yml (`book: chapters:` or `website: sidebar: contents:`) to print it',
  ),
  contentJupyterBookConfig: rule(
    'content:jupyter-book-config',
    'info',
    "a Jupyter Book's _config.yml: its title, author and bibtex_bibfiles are read, its web site's and Sphinx's settings are not",
    'nothing to do; for the edition, set what they say in edition.yaml or briefing.yaml',
  ),
  contentQuartoPage: rule(
    'content:quarto-page',
    'warning',
    'a page _quarto.yml lists is not where a chapter or a section can be (more than one folder deep, or outside the project)',
    'move the page into a chapter folder beside the others, or list the chapters in `chapters:` in briefing.yaml',
  ),
  contentListedMissing: rule(
    'content:listed-missing',
    'error',
    '`chapters:` (briefing.yaml) names a file or folder that the locale folder does not have',
    'fix the name, or take it out of the list',
  ),
  contentUnreadSettings: rule(
    'content:unread-settings',
    'warning',
    "a YAML file in a locale folder that Briefing does not read (Pandoc's `metadata.yml`, a site generator's settings)",
    'put what it says in edition.yaml (title, subtitle, author, date, …) or strings.yaml',
  ),
  contentNestedFolder: rule(
    'content:nested-folder',
    'error',
    'a chapter folder holds a folder of Markdown files, which would be left out',
    'move its files into the chapter folder as sections, or make it a chapter folder of its own',
  ),

  // Reading any file the edition names (src/paths.ts): containment, type and size.
  fileOutsideFolder: rule(
    'file:outside-folder',
    'error',
    'a path, or a symbolic link, leads outside the folder it must stay in',
    'copy the file into the folder',
  ),
  fileUnreadable: rule('file:unreadable', 'error', 'a file cannot be read', 'check that it exists and is readable'),
  fileNotRegular: rule(
    'file:not-regular',
    'error',
    'a path names a folder, a device or a pipe instead of a file (or a file instead of a folder)',
    'replace it with an ordinary file',
  ),
  fileTooLarge: rule(
    'file:too-large',
    'error',
    'a file is larger than the limit for one file',
    'split it, or raise `limits: { maxFileMB }` in briefing.yaml or BRIEFING_MAX_FILE_MB',
  ),
  limitsYamlAliases: rule(
    'limits:yaml-aliases',
    'error',
    'YAML aliases expand beyond the limit (an alias bomb)',
    'write the values out, or raise `limits: { maxAliases }` / BRIEFING_MAX_ALIASES',
  ),
  limitsYamlNesting: rule(
    'limits:yaml-nesting',
    'error',
    'YAML collections ([ ], { }, indented lists and mappings) are nested deeper than the nesting limit',
    'flatten the nesting, or raise `limits: { maxNesting }` / BRIEFING_MAX_NESTING',
  ),
  devListen: rule(
    'dev:listen',
    'error',
    'the dev server cannot listen on its port (busy, or not allowed)',
    'pass another port with --port <n>, or --port 0 for any free one',
  ),
  limitsNesting: rule(
    'limits:nesting',
    'error',
    'lists, block quotes, callouts or emphasis nested deeper than the limit (the rest of the file, or the deeper part, is not read)',
    'flatten the structure, or raise `limits: { maxNesting }` / BRIEFING_MAX_NESTING',
  ),
  limitsImage: rule(
    'limits:image',
    'error',
    'an image too costly to draw: more pixels than the limit (read from its header), or an SVG whose <use> elements expand beyond the element limit',
    'scale the image down or simplify the SVG, or raise `limits: { maxImageMegapixels, maxSvgElements }`',
  ),
  limitsDelimiters: rule(
    'limits:delimiters',
    'error',
    'a paragraph with more runs of `*`, `_`, `~`, backticks or brackets than the limit (the parser would take quadratic time; the rest of the file is not read)',
    'split the paragraph or escape literal marks, or raise `limits: { maxDelimiters }` / BRIEFING_MAX_DELIMITERS',
  ),

  // Each Markdown file (reported by the remark plugins on the node at fault).
  emptyFile: rule(
    'briefing:empty-file',
    'error',
    'a preface or chapter file has no text',
    'write it, or delete the file',
  ),
  prefaceHeading: rule(
    'briefing:preface-heading',
    'warning',
    'the preface has a heading, which is kept as plain text',
    'remove the `#` marks',
  ),
  missingTitle: rule(
    'briefing:missing-title',
    'error',
    'a chapter or section file does not start with its title heading',
    'put `# Title` (chapter) or `## Title` (section) first',
  ),
  emptyChapter: rule(
    'briefing:empty-chapter',
    'warning',
    'a chapter or section has a title and no text',
    'write its text, or remove it',
  ),
  extraTitle: rule(
    'briefing:extra-title',
    'error',
    'a second title heading in one chapter or section file',
    'start a new file for it, or use a lower heading level',
  ),
  headingSkip: rule(
    'briefing:heading-skip',
    'warning',
    'a heading level is skipped (## then ####)',
    'use the next level down',
  ),
  duplicateId: rule(
    'briefing:duplicate-id',
    'error',
    'two headings, notes or figures would get the same id',
    'rename one of them',
  ),
  frontMatterSyntax: rule(
    'briefing:front-matter-syntax',
    'error',
    'the front matter is not valid YAML',
    'fix the YAML between the `---` lines',
  ),
  frontMatterShape: rule(
    'briefing:front-matter-shape',
    'error',
    'the front matter is not `key: value` lines, or a value has the wrong type',
    'write for example `short: Introduction`',
  ),
  frontMatterKey: rule(
    'briefing:front-matter-key',
    'warning',
    'the front matter has a key Briefing does not know',
    'remove it, or fix its spelling',
  ),
  rawHtml: rule(
    'briefing:raw-html',
    'error',
    'raw HTML in the content',
    'write it as Markdown, or escape the `<` as `\\<`',
  ),
  rawHtmlStyle: rule(
    'briefing:raw-html-style',
    'warning',
    "raw HTML that Briefing keeps has a `style=` attribute (or a README's `align=`, `width=`, `height=`), which is left out",
    'give the element a class instead, styled by the templates',
  ),
  rawTex: rule(
    'briefing:raw-tex',
    'warning',
    'raw TeX (`\\newpage`, `\\setcounter{page}{1}`, `\\begin{x}` … `\\end{x}`), which only a LaTeX PDF obeys, is left out (text-style commands such as `\\textit{…}` keep their text)',
    'delete the commands, or write what they say in Markdown; chapters start on a new page and the contents are made by themselves',
  ),
  codeCell: rule(
    'briefing:code-cell',
    'warning',
    'a Quarto or R Markdown code cell (```` ```{python} ````, ```` ```{r} ````) is printed as code: Briefing runs no code, so its output is not there',
    'render the document to Markdown with Quarto or knitr first, or put the output in the text',
  ),
  rawFormat: rule(
    'briefing:raw-format',
    'warning',
    "Pandoc's raw code for another output format (```` ```{=latex} ````, `` `\\newpage`{=latex} ``) is left out; `{=html}` is read as raw HTML",
    'delete it, or write what it says in Markdown',
  ),
  figureCaption: rule(
    'briefing:figure-caption',
    'warning',
    'an image alone in its paragraph has no alt text, so the figure has no caption and no number',
    'write the caption as the alt text: ![Population by region, 2022](chart.png)',
  ),
  unknownDirective: rule(
    'briefing:unknown-directive',
    'error',
    'a `:::name` directive that is not a box (`:::callout`, `:::note`, `:::tip`, `:::important`, `:::warning`, `:::caution`)',
    'use one of the boxes, or `::: {.name}` for a plain block (Pandoc’s fenced div)',
  ),
  mystDirective: rule(
    'briefing:myst-directive',
    'warning',
    'a MyST directive (```` ```{name} ````, `:::{name}`) Briefing has no meaning for: its body is printed as a plain block',
    'write it as Markdown, or as one of the directives Briefing reads (admonitions, `figure`, `math`, `code-block`, `bibliography`)',
  ),
  mystContents: rule(
    'briefing:myst-contents',
    'info',
    'a MyST `{tableofcontents}` or `{toctree}` is left out: the edition prints its own contents, in the order of `_toc.yml`',
    'nothing to do, or delete the directive',
  ),
  mystRole: rule(
    'briefing:myst-role',
    'warning',
    'a MyST role (`{name}`text``) Briefing has no meaning for: its text is printed as plain text',
    'write it as Markdown, or use a role Briefing reads (`cite`, `ref`, `numref`, `eq`, `doc`, `math`, `sub`, `sup`, `abbr`)',
  ),
  plainDiv: rule(
    'briefing:plain-div',
    'warning',
    'a Pandoc div named by one word (`::: challenge`) that is not a box is printed as a plain block with that class, as Pandoc reads it: any box look its site gave it is not printed',
    'for a box write `::: {.callout-note title="Challenge"}`; `::: {.challenge}` says a plain block is meant',
  ),
  unclosedCallout: rule(
    'briefing:unclosed-callout',
    'error',
    'a callout box is not closed',
    'add a line with `:::` after its last statement',
  ),
  nestedCallout: rule(
    'briefing:nested-callout',
    'error',
    'a callout box inside another',
    'close the first box before opening the next',
  ),
  emptyCallout: rule(
    'briefing:empty-callout',
    'error',
    'a callout box with nothing in it',
    'write a statement inside it, or remove it',
  ),
  unsafeLink: rule(
    'briefing:unsafe-link',
    'error',
    'a link or link definition to a javascript:, data: or other unsafe address',
    'link to an http(s) address',
  ),
  fileLink: rule(
    'briefing:file-link',
    'warning',
    "a link to a local file, which works only on the author's computer",
    'link to an http(s) address',
  ),
  imagePath: rule(
    'briefing:image-path',
    'error',
    'an image without a path, or with a malformed %-escape',
    'write the relative path of the image file',
  ),
  unsafeImage: rule(
    'briefing:unsafe-image',
    'error',
    'an image with a javascript:, data: or other unsupported address',
    'save the image in the content folder and give its relative path',
  ),
  remoteImage: rule(
    'briefing:remote-image',
    'warning',
    'a remote image, refused and left out (the edition loads nothing from the network)',
    'download the image into the content folder',
  ),
  imageOutsideContent: rule(
    'briefing:image-outside-content',
    'error',
    'an image path leads outside the content folder',
    'copy the image into the content folder',
  ),
  missingImage: rule(
    'briefing:missing-image',
    'error',
    'an image file does not exist',
    'add the file, or fix the path (relative to the Markdown file)',
  ),
  imageOutsideFolder: rule(
    'briefing:image-outside-folder',
    'error',
    'an image is a symbolic link to a file outside the content folder',
    'copy the image into the content folder',
  ),
  imageUnreadable: rule('briefing:image-unreadable', 'error', 'an image file cannot be read', 'make the file readable'),
  imageNotRegular: rule(
    'briefing:image-not-regular',
    'error',
    'an image path names a folder, a device or a pipe',
    'point it at an image file',
  ),
  imageTooLarge: rule(
    'briefing:image-too-large',
    'error',
    'an image file is larger than the limit for one file',
    'make the image smaller, or raise the limit',
  ),
  imageType: rule(
    'briefing:image-type',
    'error',
    'an image that is not PNG, JPEG or SVG',
    'convert it to .png, .jpg or .svg',
  ),

  literalSyntax: rule(
    'briefing:literal-syntax',
    'warning',
    'Markdown syntax that nothing understood would be printed as typed',
    'the message names the construct and how to write it so that it is read',
  ),
  mathSyntax: rule(
    'briefing:math-syntax',
    'error',
    'a `$…$` or `$$…$$` formula is not TeX that KaTeX can read',
    'fix the formula, or write a literal dollar sign as `\\$`',
  ),
  linkOutsideEdition: rule(
    'briefing:link-outside-edition',
    'warning',
    'a relative link (`data.csv`, `../other/page.html`) names a file that is not a page of the edition: neither edition publishes it',
    'link to its address on the web (https://…), to a page of the edition, or leave the words without a link',
  ),
  deadLink: rule(
    'briefing:dead-link',
    'error',
    'an internal link (`#anchor` or `other.md#anchor`) points to nothing in the edition',
    'link to a heading of the edition (as GitHub or Pandoc spell its id, or its `{#id}`), or fix the file name',
  ),

  // What the PDF standard written in briefing.yaml (`pdf: { standard }`) asks of the content
  // (pipeline/standard-check.ts): like Typst's --pdf-standard, a document that breaks it is refused.
  standardImageAlt: rule(
    'standard:image-alt',
    'error',
    'an image has no alt text, which PDF/UA-1 and PDF/A-2a ask of every figure',
    'write what the image shows as its alt text: ![Population by region, 2022](chart.png)',
  ),
  standardTableHeader: rule(
    'standard:table-header',
    'error',
    'a table has no header cell, which PDF/UA-1 asks of every data table',
    'give the table a header row (a GFM table has one; a grid table: `+===+` under it)',
  ),
  standardHeadingSkip: rule(
    'standard:heading-skip',
    'error',
    'a heading level is skipped (## then ####), which PDF/UA-1 does not allow',
    'use the next level down',
  ),
  standardNotClaimed: rule(
    'standard:not-claimed',
    'warning',
    'the document breaks the default PDF standard (an image without alt text, a table without header cells, a skipped heading level), so its PDF claims none',
    'fix the place named, or write `pdf: { standard: ua-1+a-2a }` in briefing.yaml to refuse such a document',
  ),
  // Notes ([^name]) and their sources list (sources.md).
  duplicateLabel: rule(
    'briefing:duplicate-label',
    'error',
    'a cross-reference label ({#fig-x}, {#tbl-x}, {#eq-x}, {#sec-x}) is given to two things',
    'give each figure, table, equation or section its own label',
  ),
  unknownLabel: rule(
    'briefing:unknown-label',
    'error',
    'a cross-reference (@fig-x, @tbl-x, @eq-x, @sec-x) names a label that nothing in the edition has',
    'label the figure, table, equation or heading with {#fig-x} (or fix the name)',
  ),
  unknownCitation: rule(
    'briefing:unknown-citation',
    'error',
    'a citation names a key that is not in the bibliography',
    'add the entry to the bibliography file, or fix the key',
  ),
  bibliographySyntax: rule(
    'briefing:bibliography-syntax',
    'error',
    'a bibliography file (BibTeX, BibLaTeX, CSL-JSON, CSL-YAML) cannot be read',
    'fix the entry at the line named',
  ),
  duplicateCitationKey: rule(
    'briefing:duplicate-citation-key',
    'error',
    'two bibliography entries have the same key',
    'give one of them another key, or delete one',
  ),
  unusedCitation: rule(
    'briefing:unused-citation',
    'warning',
    'a bibliography entry is never cited',
    'cite it, or delete it from the bibliography',
  ),
  cslStyle: rule(
    'briefing:csl-style',
    'error',
    'the CSL style file cannot be read as a CSL style',
    'give `csl:` a .csl file (a CSL 1.0 style) inside the content folder',
  ),
  duplicateNote: rule(
    'briefing:duplicate-note',
    'error',
    'a note is defined twice in one file',
    'give one of them another name, or delete one',
  ),
  emptyNote: rule(
    'briefing:empty-note',
    'error',
    'a note definition has no text',
    'write the source title and its URL after the colon',
  ),
  noteWithoutUrl: rule(
    'briefing:note-without-url',
    'warning',
    'a note definition has no URL',
    'add the address in angle brackets: `<https://…>`',
  ),
  noteInvalidUrl: rule(
    'briefing:note-invalid-url',
    'warning',
    'a note definition has a URL that is not a full http(s) address',
    'use a full http(s) address',
  ),
  danglingNote: rule(
    'briefing:dangling-note',
    'error',
    'a note is cited but defined nowhere (in its file, in sources.md, or in exactly one other file)',
    'define it next to the text as `[^name]: …`, or in sources.md as `[^name]: Title <https://…>`',
  ),
  unusedNote: rule(
    'briefing:unused-note',
    'warning',
    'a note is defined and never cited',
    'cite it in a chapter, or delete it',
  ),

  // Translations (one locale against the source locale).
  localeFallback: rule(
    'locale:fallback',
    'warning',
    'a file is not translated: the source text is printed in its place',
    'translate the file',
  ),
  localeParity: rule(
    'locale:parity',
    'warning',
    'a translation has other callouts or notes than its source',
    'compare it with the source file',
  ),
  localeStale: rule(
    'locale:stale',
    'warning',
    'a translated paragraph was made from an older source text, or is not translated (the source text is printed)',
    'update the translation (export offers it for review with the old source), then import it',
  ),
  localeUnknownFile: rule(
    'locale:unknown-file',
    'warning',
    'a file in a translation folder has no source file of that name, and is ignored',
    'name it after its source file (the message suggests the nearest)',
  ),
  importNoFiles: rule(
    'import:no-files',
    'error',
    '`briefing import` found no .po, .xlf or .xliff files',
    'name files made by `briefing export`, or the folder holding them',
  ),
  importMissingFile: rule(
    'import:missing-file',
    'error',
    '`briefing import` was given a file that does not exist',
    'name a .po or .xlf file made by `briefing export`',
  ),
  importFormat: rule(
    'import:format',
    'error',
    'an imported file is not a PO or XLIFF file made by `briefing export`',
    'import the .po or .xlf files `briefing export` made, with their header',
  ),
  importSyntax: rule(
    'import:syntax',
    'error',
    'an imported PO or XLIFF file does not parse',
    'save the file from the CAT tool again, or export again',
  ),
  importWrongLocale: rule(
    'import:wrong-locale',
    'error',
    'an imported file was exported for another locale',
    'import each file into the locale it was exported for',
  ),
  importUnknownFile: rule(
    'import:unknown-file',
    'error',
    'an imported file translates a source file that no longer exists',
    'export the locale again',
  ),
  importObsolete: rule(
    'import:obsolete',
    'warning',
    'an imported segment is no longer in the source: skipped',
    'export again to get the current source text',
  ),
  importMarkup: rule(
    'import:markup',
    'error',
    'a translated segment changed note references, link targets or code, or added a link (inline, reference, definition, bare address) or a heading',
    'keep them exactly as in the source',
  ),
  importCharset: rule(
    'import:charset',
    'error',
    'an imported file is not in the encoding it declares (or not UTF-8 and declares none)',
    'save it as UTF-8, or declare its encoding in its header',
  ),
  importStructure: rule(
    'import:structure',
    'error',
    'a translation would change the Markdown blocks (a blank line, a list or heading marker at a line start, `:::`, raw HTML) or its bold and italic spans',
    'keep the translation one block like its source: no blank lines, no markers at line starts',
  ),
  importDuplicate: rule(
    'import:duplicate',
    'error',
    'two imported entries translate the same segment differently (in one file, or a PO and an XLIFF for the same file)',
    'keep one of them',
  ),
  importOverwrite: rule(
    'import:overwrite',
    'error',
    'an import would replace finished translations with different text',
    'pass --overwrite if that is meant, or import into the right locale',
  ),
  importAllInitial: rule(
    'import:all-initial',
    'warning',
    'every target of an imported XLIFF file is in state initial (unconfirmed), as some tools (OmegaT) write them',
    'mark them translated in the CAT tool, or import with --states ignore',
  ),
  importSourceChanged: rule(
    'import:source-changed',
    'info',
    'the source of an imported segment changed since it was exported: its translation is kept, marked for review',
    'review the translation against the new source (export again: it is fuzzy, with the previous source)',
  ),
  stringsMissing: rule(
    'strings:missing',
    'warning',
    'a string of the interface (strings.yaml) is missing for a locale',
    'add it to the locale’s strings.yaml',
  ),
  stringsUnknown: rule(
    'strings:unknown',
    'warning',
    'strings.yaml has a key Briefing does not know',
    'remove it, or fix its spelling',
  ),
  statusNotATranslation: rule(
    'status:not-a-translation',
    'error',
    '`briefing status --update` was given a file that is not a translated file',
    'name a file such as content/ru/01-introduction.md',
  ),
  statusMissingFile: rule(
    'status:missing-file',
    'error',
    '`briefing status --update` was given a file that does not exist',
    'translate the file first, then record it',
  ),
  statusNoSource: rule(
    'status:no-source',
    'error',
    'a translated file has no source file of the same name',
    'name it as its source in the source locale',
  ),

  // Templates and the theme.
  templateSyntax: rule(
    'template:syntax',
    'error',
    'a Handlebars template does not parse',
    'check the {{…}} expressions around that line',
  ),
  templateRuntime: rule(
    'template:runtime',
    'error',
    'a template asks for a field the edition does not have, or fails while rendering',
    'fix the field name, or guard it with {{#if}}',
  ),
  templateMissingPartial: rule(
    'template:missing-partial',
    'error',
    'a template includes a partial that does not exist',
    'add `templates/partials/<name>.hbs`',
  ),
  templateMissingFile: rule(
    'template:missing-file',
    'error',
    'a template file is missing',
    "restore it from the repository's templates/ folder",
  ),
  templateCssImport: rule(
    'template:css-import',
    'error',
    'a stylesheet imports another',
    'paste the rules into this stylesheet',
  ),
  templateCssEscape: rule(
    'template:css-escape',
    'error',
    'CSS escapes spell url(, @import or image-set( (a way round the check of what a stylesheet loads)',
    'write it plainly',
  ),
  templateUnescaped: rule(
    'template:unescaped',
    'warning',
    'a template writes text from the content without HTML escaping ({{{ }}} or {{& }})',
    'use {{ }}; {{{ }}} only for the HTML Briefing makes (html, preface, css, fontsCss, pagePlan)',
  ),
  templateRemote: rule(
    'template:remote',
    'error',
    'a template loads something when the page is viewed (a remote image, a stylesheet link, a frame, a script file): the edition must load nothing from the network',
    'put the file in the templates folder and use it from a stylesheet (url() is inlined), or remove the element',
  ),
  templateCsp: rule(
    'template:csp',
    'error',
    "a template changes the web edition's Content-Security-Policy (or adds another http-equiv header); Briefing writes the policy itself",
    "remove the template's policy change: Briefing writes the CSP, with the hashes of the templates' own scripts",
  ),
  templateSchema: rule(
    'template:schema',
    'warning',
    "a template writes an element or attribute outside the web edition's schema, which the sanitizing pass removes",
    'use an element or attribute the schema has (src/render/sanitize.ts), or add it there if it is safe',
  ),
  templateScript: rule(
    'template:script',
    'error',
    'a template runs script outside a literal inline <script> (an on… attribute, a javascript: address, a script with {{…}} in it)',
    'move the code into a literal <script> element of the template (it is allowed by its hash); pass data in a <script type="application/json"> block',
  ),
  templateCssRemote: rule(
    'template:css-remote',
    'warning',
    'a stylesheet refers to a remote resource, which is refused',
    'download the file into the templates folder',
  ),
  templateCssUrl: rule(
    'template:css-url',
    'error',
    'a stylesheet url() with an unsupported scheme, escape or file type',
    'use a relative path to a font or image in the templates folder',
  ),
  templateCssOutside: rule(
    'template:css-outside',
    'error',
    'a stylesheet url() leads outside the templates folder',
    'copy the file into the templates folder',
  ),
  templateCssMissingFile: rule(
    'template:css-missing-file',
    'error',
    'a stylesheet url() names a file that does not exist',
    'add the file, or fix the path',
  ),
  themeMissingFont: rule(
    'theme:missing-font',
    'error',
    'a font package named in `fonts` is not installed',
    'run `npm install <package>`',
  ),
  themeInvalid: rule(
    'theme:invalid',
    'error',
    'a key of templates/theme.yaml is missing, unknown or has the wrong form',
    'write it as the message shows',
  ),
  themeFont: rule(
    'theme:font',
    'error',
    'a font in theme.yaml is neither a font package nor font files',
    'name an npm font package, or give the font files by style',
  ),
  themeLogo: rule(
    'theme:logo',
    'error',
    'the logo in theme.yaml is missing or not a PNG, JPEG or SVG file',
    'add the file, or fix the path',
  ),
  themeBrand: rule(
    'theme:brand',
    'error',
    'a key of _brand.yml is missing or has the wrong form',
    'write it as the message shows',
  ),
  themeBrandFont: rule(
    'theme:brand-font',
    'error',
    'a _brand.yml font would be downloaded or taken from the system',
    'add its files with `source: file`, or install an npm font package',
  ),
  themeMissingGlyphs: rule(
    'theme:missing-glyphs',
    'error',
    'a font has no glyph for characters the text uses',
    'choose a font that covers the language, or add font files that do',
  ),

  // Printing the PDF.
  printNoBrowser: rule(
    'print:no-browser',
    'error',
    'no Chrome or Chromium to print with',
    'install Chromium, or set BRIEFING_BROWSER',
  ),
  printLaunch: rule(
    'print:launch',
    'error',
    'the browser did not start',
    'check that it runs with --headless --version',
  ),
  printStopping: rule(
    'print:stopping',
    'error',
    'a print was asked for while Briefing was stopping',
    'run the command again',
  ),
  printFailed: rule(
    'print:failed',
    'error',
    'printing failed twice',
    'check that Chromium runs; raise BRIEFING_PRINT_TIMEOUT for a very long edition',
  ),
  printPageNumbers: rule(
    'print:page-numbers',
    'error',
    'the contents page numbers did not settle, or an entry has no destination',
    'give .toc-page a fixed width; print every heading',
  ),
  printRequestBlocked: rule(
    'print:request-blocked',
    'warning',
    'the page asked for a resource outside the edition, which was blocked',
    'inline the resource, or remove the reference',
  ),
  printPageError: rule(
    'print:page-error',
    'warning',
    'a script error in the page while printing',
    'fix the template script',
  ),
  layoutTooWide: rule(
    'layout:too-wide',
    'warning',
    'content wider than its column (Chromium would shrink every page of the PDF): clipped to the column',
    'make it narrower: fewer table columns, a smaller image, shorter unbreakable text',
  ),
  layoutBoxOutsideChapter: rule(
    'layout:box-outside-chapter',
    'warning',
    'a callout box is printed on a page outside its chapter',
    'move the box next to a paragraph earlier in the chapter, or shorten it',
  ),
  layoutOverlap: rule(
    'layout:overlap',
    'warning',
    'a callout box is drawn over another box or a full-width element',
    'move one of the boxes next to another paragraph',
  ),
  layoutHeadingAtFoot: rule(
    'layout:heading-at-foot',
    'warning',
    'a heading stands at the foot of a page and its text starts on the next one',
    'keep headings with their text (break-after: avoid in print.css), or shorten the text before it',
  ),
  layoutTextMissing: rule(
    'layout:text-missing',
    'warning',
    'words of a block of the source are not in the text of the PDF (hidden, clipped or dropped by the print)',
    'make the block visible in print (print.css: no display:none, overflow:hidden or a fixed height on it), or shorten it so that it fits its box',
  ),
  footnotePage: rule(
    'print:footnote-page',
    'warning',
    'a page-foot note (theme `notes: foot`) is not printed on the page of its reference mark, or not at all',
    'shorten the note, or move its reference away from the foot of the page (an earlier sentence)',
  ),
  footnoteOverlap: rule(
    'print:footnote-overlap',
    'warning',
    'body text is printed below the notes at the foot of a page',
    'report it with the page: the block before the notes could not be split; a shorter note avoids it',
  ),
  footnoteOverfull: rule(
    'print:footnote-overfull',
    'warning',
    'the notes at the foot of a page run on to the next page: the page is taller than its frame',
    'shorten the notes of that page, or move one of their references to the next paragraph',
  ),
  layoutUnderfullPage: rule(
    'layout:underfull-page',
    'warning',
    "a page less than a quarter full that is not its chapter's last page",
    'look for a figure, table or box too tall to fit on the page before, and make it smaller',
  ),
  printNoPagePlan: rule(
    'print:no-page-plan',
    'warning',
    'the print HTML has no page plan: running heads and right-hand chapter starts are skipped',
    'add the briefing-page-plan script line of the shipped layout.hbs to yours',
  ),
  printNoHyphenation: rule(
    'print:no-hyphenation',
    'info',
    'no hyphenation patterns for a locale: its text is printed without',
    'nothing to do, or add patterns for the language',
  ),

  // The Word edition (build --format docx, src/docx/).
  docxUnsupported: rule(
    'docx:unsupported',
    'warning',
    'content the Word edition has no form for (an element, raw HTML, math Word cannot read): its text is kept as plain text, or it is left out when it has none',
    'write it with Markdown Briefing converts (text, lists, tables, figures, boxes), or leave it to the PDF and web editions',
  ),
  docxImage: rule(
    'docx:image',
    'warning',
    'an image the Word edition cannot embed (not a PNG, JPEG, GIF or SVG): its description is shown instead',
    'use a PNG or JPEG image',
  ),

  // Output, build and the other commands.
  outputWrite: rule(
    'output:write',
    'error',
    'the output could not be written (disk full, no permission)',
    'free disk space, or pass a writable --out',
  ),
  outputInterrupted: rule(
    'output:interrupted',
    'error',
    'the command was interrupted: nothing was written',
    'run it again',
  ),
  manifestSourceCommit: rule(
    'manifest:source-commit',
    'error',
    'BRIEFING_SOURCE_COMMIT is not a full commit hash',
    'set it to `git rev-parse HEAD`, or unset it',
  ),
  buildStrict: rule(
    'build:strict',
    'error',
    '--strict and there were warnings: nothing was written',
    'fix the warnings, or build without --strict',
  ),
  proofMissingPdf: rule(
    'proof:missing-pdf',
    'error',
    'the PDF to proof does not exist',
    'pass an existing file with --pdf, or build first',
  ),
  proofRender: rule(
    'proof:render',
    'error',
    "the PDF's pages could not be rendered for the proof sheet",
    'check that the file is a PDF',
  ),
  // `briefing convert`: a Word file → a content folder.
  convertNotDocx: rule(
    'convert:not-docx',
    'error',
    'the file given to `briefing convert` is not a Word .docx (a .doc, a PDF, an OpenDocument file, anything else)',
    'save the document from Word as .docx (Word Document)',
  ),
  convertEncrypted: rule(
    'convert:encrypted',
    'error',
    'the .docx is password-protected',
    'remove the password in Word (File → Info → Protect Document) and save it again',
  ),
  convertCorrupt: rule(
    'convert:corrupt',
    'error',
    'the .docx is damaged: its zip or XML cannot be read',
    'open it in Word, let Word repair it and save it again, or take an earlier copy',
  ),
  convertUnpackLimit: rule(
    'convert:unpack-limit',
    'error',
    'the .docx would unpack to more than the limit, holds too many files, or an entry unpacks to more than it declares (a zip bomb)',
    'compress the pictures in Word and save again, or raise BRIEFING_MAX_UNZIPPED_MB for a genuine file',
  ),
  convertImage: rule(
    'convert:image',
    'error',
    'a picture in the .docx is not the image it says it is, or is too large to draw',
    'replace the picture in Word (Insert → Pictures) with a PNG or JPEG',
  ),
  convertNotConverted: rule(
    'convert:not-converted',
    'warning',
    'part of the Word file did not come across into Markdown (comments, text boxes, shapes, equations, fields, embedded objects, fonts and colours)',
    'add what matters to the Markdown by hand, or change it in Word to something Markdown can hold',
  ),
  convertTrackedChanges: rule(
    'convert:tracked-changes',
    'warning',
    'the Word file has tracked changes: the converted text is the accepted version (insertions kept, deletions left out)',
    'accept or reject the changes in Word (Review → Accept/Reject) and convert again if that is not what you want',
  ),
  convertEdited: rule(
    'convert:edited',
    'error',
    'converting again would overwrite a Markdown file edited since the last conversion, or a file the conversion did not write',
    'move your edits into the Word file and convert again with --overwrite, or convert into another --out folder',
  ),
  devPrint: rule(
    'dev:print',
    'error',
    'the print preview failed to print the PDF',
    'see the message; the server keeps running',
  ),
  devInternal: rule(
    'dev:internal',
    'error',
    'the preview server failed while rebuilding',
    'report it with the message; the server keeps running',
  ),
} as const;

export type RuleName = keyof typeof RULES;
export type RuleId = (typeof RULES)[RuleName]['id'];

/** The rule with this id, if it is in the catalogue. */
/** The rule's entry in docs/RULES.md (`docs/RULES.md#config-invalid`): every message carries it as `url`. */
export function ruleUrl(rule: Rule): string {
  return `docs/RULES.md#${ruleAnchor(rule.id)}`;
}

/** `config:invalid` → `config-invalid`, the anchor of its row in docs/RULES.md. */
export function ruleAnchor(id: string): string {
  return id.replace(/[^a-z0-9-]/gi, '-').toLowerCase();
}

export function ruleById(id: string): Rule | undefined {
  return Object.values(RULES).find((r) => r.id === id);
}
