"""The text of a .docx as python-docx reads it, one paragraph a line, for word counts that do not
go through Briefing's own reader (mammoth): body paragraphs and table cells in document order (a
merged cell once, nested tables inside their cell), then footnotes and endnotes. Word's own table
of contents is left out (Briefing leaves it out and says so). Deleted tracked text (w:delText) is
not text here; inserted text is.
    python3 scripts/docx-words.py draft.docx
Used by scripts/word-loss.js (--from docx) and tests/support/word-readers.ts."""
import sys

import docx
from docx.oxml.ns import qn


def paragraph_text(p):
    # Every w:t of the paragraph (runs, hyperlinks, inserted text, fields' shown results); a
    # picture's fallback copy (mc:Fallback) is Word's second copy of the same thing.
    return ''.join(
        (t.text or '') if t.tag == qn('w:t') else ' '
        for t in p.iter(qn('w:t'), qn('w:br'), qn('w:cr'), qn('w:tab'))
        if not any(a.tag.endswith('}Fallback') for a in t.iterancestors())
    )


def is_contents(p):
    style = p.find(qn('w:pPr') + '/' + qn('w:pStyle'))
    return style is not None and style.get(qn('w:val'), '').upper().startswith('TOC')


def blocks(parent):
    for child in parent.iterchildren():
        if child.tag == qn('w:p'):
            if not is_contents(child):
                yield paragraph_text(child)
        elif child.tag == qn('w:tbl'):
            for row in child.iterchildren(qn('w:tr')):
                for cell in row.iterchildren(qn('w:tc')):
                    # A cell continuing a vertical merge holds no text of its own.
                    yield from blocks(cell)
        elif child.tag == qn('w:sdt'):
            content = child.find(qn('w:sdtContent'))
            if content is not None:
                yield from blocks(content)


def notes(document, reltype, tag):
    for rel in document.part.rels.values():
        if rel.reltype.endswith('/' + reltype):
            from lxml import etree

            root = etree.fromstring(rel.target_part.blob)
            for note in root.iter(qn(tag)):
                if note.get(qn('w:type')) is None:
                    yield from (paragraph_text(p) for p in note.iter(qn('w:p')))


def main(path):
    document = docx.Document(path)
    lines = list(blocks(document.element.body))
    lines += notes(document, 'footnotes', 'w:footnote')
    lines += notes(document, 'endnotes', 'w:endnote')
    sys.stdout.write('\n'.join(lines) + '\n')


if __name__ == '__main__':
    main(sys.argv[1])
