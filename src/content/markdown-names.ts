// Which file names are Markdown: read as chapters in a content folder, taken as a whole report on
// the command line. Alone in its module so the CLI can ask without loading the content reader.

/**
 * The file name endings read as Markdown (any other file, such as an image, is left alone): also
 * Quarto's `.qmd` and R Markdown's `.Rmd`, Pandoc's Markdown with code cells (which are not run).
 */
export const MARKDOWN = /\.(md|markdown|mdown|mkdn?|mkd|mdwn|qmd|rmd)$/i;
