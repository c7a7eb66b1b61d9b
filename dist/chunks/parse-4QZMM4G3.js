import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import{c as a,d as b,e as c,f as d}from"./chunk-XNG2XNNX.js";import"./chunk-CUSEGY76.js";import"./chunk-7GUG3ZT7.js";import"./chunk-EDXBMDIF.js";import"./chunk-67BG23Y2.js";export{a as MAX_NODES,b as isActionMetadataPath,c as isDependabotPath,d as parseWorkflow};
