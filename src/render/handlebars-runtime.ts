// Handlebars' runtime alone: what runs a precompiled template (template-cache.ts). Its compiler (the
// template parser and code generator, with source-map: ~0.2 MB of code to compile and evaluate before
// the print HTML) is loaded only for a template no cache holds (render.ts `handlebarsCompiler`).
import runtime from 'handlebars/runtime.js';

/** The runtime's environment: Handlebars' own, without `compile` and `precompile`. */
export type HandlebarsRuntime = Omit<typeof import('handlebars'), 'compile' | 'precompile' | 'parse' | 'create'> & {
  create(): HandlebarsRuntime;
};

export default runtime as unknown as HandlebarsRuntime;
