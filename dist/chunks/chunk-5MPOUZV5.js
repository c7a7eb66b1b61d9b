import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
var e;function r(n){e=n}function t(){return e}export{r as a,t as b};
