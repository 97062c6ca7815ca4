// Raw TeX in the running text, read as Pandoc's `raw_tex` extension reads it: a control word
// (`\newpage`, `\vspace*`), then the `{…}` and `[…]` arguments right after it (`\setcounter{page}{1}`,
// `\textit{…}` over several lines). Pandoc documents written for a LaTeX PDF hold such commands; read
// as text they would print as typed (and `\vspace*{…} … \vspace*{…}` as emphasis). The node
// (`rawTex`, its value the source as typed) is given its meaning, or left out with a warning, by
// remark-raw-tex.ts. An argument never closed is not part of the command.
import type { Extension as FromMarkdownExtension } from 'mdast-util-from-markdown';
import type { Code, Construct, Effects, Extension, State, TokenizeContext } from 'micromark-util-types';
import { asciiAlpha, markdownLineEnding } from 'micromark-util-character';
import type { Processor } from 'unified';
import type { RawTex } from './types.js';

const BACKSLASH = 92;
const STAR = 42;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;

declare module 'micromark-util-types' {
  interface TokenTypeMap {
    rawTex: 'rawTex';
    rawTexData: 'rawTexData';
  }
}

/** The parser reads raw TeX (remark plugin: micromark's syntax and mdast's node). */
export default function remarkRawTexSyntax(this: Processor) {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(rawTexSyntax);
  (data.fromMarkdownExtensions ??= []).push(rawTexFromMarkdown);
}

const argument: Construct = { tokenize: tokenizeArgument, partial: true };
const rawTex: Construct = { name: 'rawTex', tokenize: tokenizeRawTex };
export const rawTexSyntax: Extension = { text: { [BACKSLASH]: rawTex } };

function tokenizeRawTex(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  return start;

  function start(code: Code): State | undefined {
    effects.enter('rawTex');
    effects.enter('rawTexData');
    effects.consume(code);
    return first;
  }
  // A control word: letters only (`\\`, `\*` and `\{` are Markdown's escapes).
  function first(code: Code): State | undefined {
    if (!asciiAlpha(code)) return nok(code);
    effects.consume(code);
    return name;
  }
  function name(code: Code): State | undefined {
    if (asciiAlpha(code)) {
      effects.consume(code);
      return name;
    }
    if (code === STAR) effects.consume(code);
    effects.exit('rawTexData');
    return code === STAR ? afterName : afterName(code);
  }
  function afterName(code: Code): State | undefined {
    if (code === OPEN_BRACE || code === OPEN_BRACKET) return effects.attempt(argument, afterName, done)(code);
    return done(code);
  }
  function done(code: Code): State | undefined {
    effects.exit('rawTex');
    return ok(code);
  }
}

/** `{…}` (braces balanced, `\{` escaped, over lines) or `[…]` (on one line). */
function tokenizeArgument(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  let depth = 0;
  return start;

  function start(code: Code): State | undefined {
    effects.enter('rawTexData');
    effects.consume(code);
    return code === OPEN_BRACE ? braced : bracketed;
  }
  function braced(code: Code): State | undefined {
    if (code === null) return nok(code);
    if (markdownLineEnding(code)) {
      effects.exit('rawTexData');
      effects.enter('lineEnding');
      effects.consume(code);
      effects.exit('lineEnding');
      effects.enter('rawTexData');
      return braced;
    }
    if (code === CLOSE_BRACE && depth === 0) return close(code);
    if (code === OPEN_BRACE) depth += 1;
    if (code === CLOSE_BRACE) depth -= 1;
    effects.consume(code);
    return code === BACKSLASH ? escaped : braced;
  }
  function escaped(code: Code): State | undefined {
    if (code === null || markdownLineEnding(code)) return braced(code);
    effects.consume(code);
    return braced;
  }
  function bracketed(code: Code): State | undefined {
    if (code === null || markdownLineEnding(code) || code === OPEN_BRACKET) return nok(code);
    if (code === CLOSE_BRACKET) return close(code);
    effects.consume(code);
    return bracketed;
  }
  function close(code: Code): State | undefined {
    effects.consume(code);
    effects.exit('rawTexData');
    return ok;
  }
}

const rawTexFromMarkdown: FromMarkdownExtension = {
  enter: {
    rawTex(token) {
      this.enter({ type: 'rawTex', value: '' } satisfies RawTex, token);
    },
  },
  exit: {
    rawTex(token) {
      const node = this.stack.at(-1) as RawTex;
      node.value = this.sliceSerialize(token);
      this.exit(token);
    },
  },
};
