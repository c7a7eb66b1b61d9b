#!/usr/bin/env node
import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import{a as d,b as y,c as k,d as O,e as E,f as R,g as C,h as T,i as F,j as L,k as m,l as j,m as I,n as A}from"./chunks/chunk-NZKCEN3O.js";import"./chunks/chunk-UXYAWAIY.js";import{parseArgs as D}from"node:util";import{statSync as v,writeFileSync as G}from"node:fs";import{resolve as c,relative as H,isAbsolute as q}from"node:path";var B={critical:"\x1B[1;31m",high:"\x1B[31m",medium:"\x1B[33m",low:"\x1B[36m",info:"\x1B[2m"},N="\x1B[0m";function b(n){return n.replace(/[\x00-\x08\x0b-\x1f\x7f\x9b]/g,t=>`\\x${t.charCodeAt(0).toString(16).padStart(2,"0")}`)}function x(n,t,r){let o=(i,g)=>r.color?`${B[i]}${g}${N}`:g,e=[],u;for(let i of n)i.path!==u&&(u!==void 0&&e.push(""),u=i.path,e.push(r.color?`\x1B[1m${b(i.path)}${N}`:b(i.path))),e.push(`  ${i.startLine}:${i.startColumn}  ${o(i.severity,i.severity.padEnd(8))}  ${i.ruleId}  ${b(i.message)}`),i.fix&&e.push(`      fix: ${b(i.fix)}`);n.length>0&&e.push("");let f=k.filter(i=>t.bySeverity[i]>0).map(i=>`${t.bySeverity[i]} ${i}`).join(", "),l=t.failOn==="never"?"fail-on: never":`${t.blocking} at or above ${t.failOn}`;return e.push(`${t.total} finding${t.total===1?"":"s"}${f?` (${f})`:""} in ${t.filesChecked} file${t.filesChecked===1?"":"s"} checked; ${l}.`),`${e.join(`
`)}
`}function _(n,t){return`${JSON.stringify({version:1,tool:{name:j,version:m},findings:n,summary:t},null,2)}
`}var M=["text","json","sarif","markdown"],P=`Bulkhead ${m}: supply-chain checks for container builds.

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
`;function K(n,t,r){if(r)return c(n,r);let o=c(n,t[0]??"."),e=R(o);if(e)return e;if(t.every(f=>{let l=H(n,c(n,f));return!l.startsWith("..")&&!q(l)}))return n;try{return v(o).isDirectory()?o:c(o,"..")}catch{return n}}async function Q(n,t){let{values:r,positionals:o}=D({args:n,allowPositionals:!0,options:{format:{type:"string",short:"f",default:"text"},config:{type:"string",short:"c"},"fail-on":{type:"string"},offline:{type:"boolean",default:!1},output:{type:"string",short:"o"},root:{type:"string"},"no-color":{type:"boolean"},debug:{type:"boolean",default:!1}}}),e=r.format;if(!M.includes(e))throw new d(`--format: expected one of ${M.join(", ")} (got "${r.format}")`);let u;if(r["fail-on"]!==void 0){let s=E.safeParse(r["fail-on"]);if(!s.success)throw new d(`--fail-on: expected critical, high, medium, low, info or never (got "${r["fail-on"]}")`);u=s.data}let f=o.length>0?o:["."];for(let s of f)try{v(c(t.cwd,s))}catch{throw new d(`path not found: ${s}`)}let l=K(t.cwd,f,r.root),g=[c(t.cwd,f[0]),l].filter((s,U,W)=>W.indexOf(s)===U&&(()=>{try{return v(s).isDirectory()}catch{return!1}})()),{config:$,source:V}=C({explicit:r.config&&c(t.cwd,r.config),searchDirs:g,root:l});r.offline&&($.online=!1);let w=u??$["fail-on"],S=T(r.debug),a=await F({root:l,paths:f.map(s=>c(t.cwd,s)),config:$,configSource:V,logger:S}),h=L(a.findings,w,a.stats.filesChecked),Y=r["no-color"]===!0||t.env.NO_COLOR!==void 0,z=!r.output&&!Y&&(t.isTTY||t.env.FORCE_COLOR!==void 0&&t.env.FORCE_COLOR!=="0"),p;switch(e){case"json":p=_(a.findings,h);break;case"sarif":p=I(a.findings);break;case"markdown":p=A(a.findings,h);break;default:p=x(a.findings,h,{color:z})}if(r.output){try{G(c(t.cwd,r.output),p)}catch(s){throw new d(`--output: cannot write ${r.output}: ${s.message}`)}e!=="text"&&t.stderr(x([],h,{color:!1}).replace(/^\n/,""))}else t.stdout(p);return r.debug&&S.debug(`scanned ${a.stats.filesChecked} files, ${a.stats.bytesRead} bytes in ${a.stats.durationMs.toFixed(0)} ms`),a.findings.some(s=>O(s.severity,w))?1:0}function X(n,t){let{values:r}=D({args:n,options:{format:{type:"string",short:"f",default:"text"}}});if(r.format==="json")return t.stdout(`${JSON.stringify(y.map(e=>({id:e.id,severity:e.severity,title:e.title})),null,2)}
`),0;if(r.format!=="text")throw new d(`--format: expected text or json (got "${r.format}")`);let o=Math.max(...y.map(e=>e.id.length));return t.stdout(y.map(e=>`${e.id.padEnd(o)}  ${e.severity.padEnd(8)}  ${e.title}`).join(`
`)+`
`),0}async function J(n,t){let r=n.includes("--debug");try{let[o,...e]=n;if(o===void 0||o==="--help"||o==="-h"||o==="help")return t.stdout(P),o===void 0?2:0;if(o==="--version"||o==="-v"||o==="version")return t.stdout(`${m}
`),0;if(e.includes("--help")||e.includes("-h"))return t.stdout(P),0;if(o==="scan")return await Q(e,t);if(o==="rules")return X(e,t);throw new d(`unknown command '${o}' (try 'bulkhead --help')`)}catch(o){let e=o;return o instanceof d||e.code?.startsWith("ERR_PARSE_ARGS")?t.stderr(`bulkhead: ${e.message}
`):(t.stderr(`bulkhead: internal error: ${e.message}
`),r&&e.stack&&t.stderr(`${e.stack}
`)),2}}process.exitCode=await J(process.argv.slice(2),{stdout:n=>process.stdout.write(n),stderr:n=>process.stderr.write(n),isTTY:process.stdout.isTTY===!0,env:process.env,cwd:process.cwd()});
