import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
var t="0.1.0",e="Bulkhead",o="https://github.com/bulkhead-dev/bulkhead",s=`${o}/blob/main/docs/rules`;export{t as a,e as b,o as c,s as d};
