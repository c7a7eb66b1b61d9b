#!/usr/bin/env node
import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import{a as f,b as p,f as O,h as x,l as R,m as $,o as E,p as S,r as C,s as T,t as L,u as j,v as y}from"./chunks/chunk-7OWUVCHL.js";import"./chunks/chunk-YIYVMQ27.js";import"./chunks/chunk-LHKWXFLJ.js";import"./chunks/chunk-EDXBMDIF.js";import{a as u,b as F}from"./chunks/chunk-GB4R5G6S.js";import"./chunks/chunk-67BG23Y2.js";import{parseArgs as _}from"node:util";import{statSync as b,writeFileSync as U}from"node:fs";import{resolve as a,relative as W,isAbsolute as B}from"node:path";function I(n,t){return`${JSON.stringify({version:1,tool:{name:F,version:u},findings:n,summary:t},null,2)}
`}var A=["text","json","sarif","markdown"],w=`Bulkhead ${u}: supply-chain checks for container builds.

Usage:
  bulkhead scan [paths...] [options]   scan files or folders (default: .)
  bulkhead rules [--format text|json]  list every rule with its id, severity and title
  bulkhead --help | --version

Scan options:
  -f, --format FMT     text (default), json, sarif or markdown
  -c, --config FILE    config file (default: .bulkhead.yml in the first path, then the root)
      --fail-on SEV    critical|high|medium|low|info|never (default: config, else high)
      --offline        no network look-ups (the offline checks all still run)
  -o, --output FILE    write the report to FILE instead of stdout
      --root DIR       directory that reported paths are relative to
                       (default: the enclosing git repository, else the current directory)
      --no-color       no colors in text output (also: NO_COLOR)
      --debug          print stack traces and debug logs to stderr

Exit codes: 0 nothing at or above fail-on; 1 blocking findings; 2 usage, config or internal error.
`;function G(n,t,r){if(r)return a(n,r);let o=a(n,t[0]??"."),e=R(o);if(e)return e;if(t.every(c=>{let l=W(n,a(n,c));return!l.startsWith("..")&&!B(l)}))return n;try{return b(o).isDirectory()?o:a(o,"..")}catch{return n}}async function H(n,t){let{values:r,positionals:o}=_({args:n,allowPositionals:!0,options:{format:{type:"string",short:"f",default:"text"},config:{type:"string",short:"c"},"fail-on":{type:"string"},offline:{type:"boolean",default:!1},output:{type:"string",short:"o"},root:{type:"string"},"no-color":{type:"boolean"},debug:{type:"boolean",default:!1}}}),e=r.format;if(!A.includes(e))throw new f(`--format: expected one of ${A.join(", ")} (got "${r.format}")`);let g;if(r["fail-on"]!==void 0){let s=x.safeParse(r["fail-on"]);if(!s.success)throw new f(`--fail-on: expected critical, high, medium, low, info or never (got "${r["fail-on"]}")`);g=s.data}let c=o.length>0?o:["."];for(let s of c)try{b(a(t.cwd,s))}catch{throw new f(`path not found: ${s}`)}let l=G(t.cwd,c,r.root),P=[a(t.cwd,c[0]),l].filter((s,V,z)=>z.indexOf(s)===V&&(()=>{try{return b(s).isDirectory()}catch{return!1}})()),{config:h,source:D}=$({explicit:r.config&&a(t.cwd,r.config),searchDirs:P,root:l});r.offline&&(h.online=!1);let v=g??h["fail-on"],k=E(r.debug),i=await S({root:l,paths:c.map(s=>a(t.cwd,s)),config:h,configSource:D,logger:k}),m=C(i.findings,v,i.stats.filesChecked),J=r["no-color"]===!0||t.env.NO_COLOR!==void 0,Y=!r.output&&!J&&(t.isTTY||t.env.FORCE_COLOR!==void 0&&t.env.FORCE_COLOR!=="0"),d;switch(e){case"json":d=I(i.findings,m);break;case"sarif":d=T(i.findings);break;case"markdown":d=L(i.findings,m);break;default:d=y(i.findings,m,{color:Y})}if(r.output){try{U(a(t.cwd,r.output),d)}catch(s){throw new f(`--output: cannot write ${r.output}: ${s.message}`)}e!=="text"&&t.stderr(y([],m,{color:!1}).replace(/^\n/,""))}else t.stdout(d);return r.debug&&k.debug(`scanned ${i.stats.filesChecked} files, ${i.stats.bytesRead} bytes in ${i.stats.durationMs.toFixed(0)} ms`),i.findings.some(s=>O(s.severity,v))?1:0}function q(n,t){let{values:r}=_({args:n,options:{format:{type:"string",short:"f",default:"text"}}});if(r.format==="json")return t.stdout(`${JSON.stringify(p.map(e=>({id:e.id,severity:e.severity,title:e.title})),null,2)}
`),0;if(r.format!=="text")throw new f(`--format: expected text or json (got "${r.format}")`);let o=Math.max(...p.map(e=>e.id.length));return t.stdout(p.map(e=>`${e.id.padEnd(o)}  ${e.severity.padEnd(8)}  ${e.title}`).join(`
`)+`
`),0}function N(n){return j(n.split(`
`)[0].trim())}async function M(n,t){let r=n.includes("--debug");try{let[o,...e]=n;if(o===void 0)return t.stderr(w),2;if(o==="--help"||o==="-h"||o==="help")return t.stdout(w),0;if(o==="--version"||o==="-v"||o==="version")return t.stdout(`${u}
`),0;if(e.includes("--help")||e.includes("-h"))return t.stdout(w),0;if(o==="scan")return await H(e,t);if(o==="rules")return q(e,t);throw new f(`unknown command '${o}' (try 'bulkhead --help')`)}catch(o){let e=o;return o instanceof f||e.code?.startsWith("ERR_PARSE_ARGS")?t.stderr(`bulkhead: ${N(e.message)}
`):(t.stderr(`bulkhead: internal error: ${N(e.message)}
`),r&&e.stack&&t.stderr(`${e.stack}
`)),2}}process.exitCode=await M(process.argv.slice(2),{stdout:n=>process.stdout.write(n),stderr:n=>process.stderr.write(n),isTTY:process.stdout.isTTY===!0,env:process.env,cwd:process.cwd()});
