/** Routing rules use the gateway's one glob dialect (src/common/text/glob.ts). */
export { compileGlob, globMatch, hasWildcard, type CompiledGlob } from '../../common/index.js';
