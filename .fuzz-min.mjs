import { createParser } from './dist/pipeline/processor.js';
import { readFileSync } from 'node:fs';
import { visit } from 'unist-util-visit';
const text = readFileSync(process.argv[2], 'utf8');
const tree = createParser().parse(text);
visit(tree, (node, i, parent) => { if (!node.position) console.log('NO POSITION', node.type, JSON.stringify(node).slice(0,200), 'parent', parent?.type, JSON.stringify(parent?.position)); });
