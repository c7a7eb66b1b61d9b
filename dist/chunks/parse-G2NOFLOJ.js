import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import{e as a,f as b,g as c,h as d}from"./chunk-RQC6JFLY.js";import"./chunk-JTAQP57G.js";import"./chunk-7GUG3ZT7.js";import"./chunk-EDXBMDIF.js";import"./chunk-67BG23Y2.js";export{a as MAX_NODES,b as isActionMetadataPath,c as isDependabotPath,d as parseWorkflow};
