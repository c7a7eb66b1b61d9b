#!/usr/bin/env node
import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import{A as L,B as T,E as j,F as I,G as P,H as _,I as D,J as $,K as N,L as M,M as B,Q as J,c as E,j as w,k as F,m as s,n as C,r as O,v as R}from"./chunks/chunk-ARDKED4N.js";import"./chunks/chunk-XLBGYJVQ.js";import"./chunks/chunk-XLWLML6S.js";import"./chunks/chunk-EDXBMDIF.js";import{a as m,b as A}from"./chunks/chunk-GB4R5G6S.js";import"./chunks/chunk-67BG23Y2.js";import{parseArgs as V}from"node:util";import{statSync as x,writeFileSync as tt}from"node:fs";import{resolve as f,relative as et,isAbsolute as rt}from"node:path";import{resolve as U}from"node:path";async function W(n,t){let e=N(t.root),o=await e.run(["rev-parse","--show-toplevel"]);if(!o.ok)throw new s(`--base needs a git repository at ${t.root}`);if(U(o.stdout.toString("utf8").trim())!==U(t.root))throw new s("--base needs the report root to be the repository root (drop --root)");if(t.ref.startsWith("-"))throw new s(`--base: not a revision (got "${t.ref}")`);let r=await e.run(["rev-parse","--verify","--quiet","--end-of-options",`${t.ref}^{commit}`]),d=r.ok?r.stdout.toString("utf8").trim():"";if(!d)throw new s(`--base: no such commit (got "${t.ref}")`);let a=await M(e,d);if(!a)throw new s(`--base: git could not compare with ${t.ref}`);return await B(e,a),J(n,{changes:a,workspace:t.root,scanPath:t.scanPath,config:t.config,...t.configSource?{configSource:t.configSource}:{},logger:t.logger})}function Y(n,t){return`${JSON.stringify({version:1,tool:{name:A,version:m},findings:n,summary:t},null,2)}
`}var z=["text","json","sarif","markdown"],S=`Bulkhead ${m}: supply-chain checks for container builds.

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
      --base REF       report only findings new since REF (git merge base with HEAD;
                       uncommitted and untracked files count as changed)
      --root DIR       directory that reported paths are relative to
                       (default: the enclosing git repository, else the current directory)
      --no-color       no colors in text output (also: NO_COLOR)
      --debug          print stack traces and debug logs to stderr

Exit codes: 0 nothing at or above fail-on; 1 blocking findings; 2 usage, config or internal error.
`;function ot(n,t,e){if(e)return f(n,e);let o=f(n,t[0]??"."),r=O(o);if(r)return r;if(t.every(a=>{let l=et(n,f(n,a));return!l.startsWith("..")&&!rt(l)}))return n;try{return x(o).isDirectory()?o:f(o,"..")}catch{return n}}async function nt(n,t){let{values:e,positionals:o}=V({args:n,allowPositionals:!0,options:{format:{type:"string",short:"f",default:"text"},config:{type:"string",short:"c"},"fail-on":{type:"string"},offline:{type:"boolean",default:!1},output:{type:"string",short:"o"},root:{type:"string"},"no-color":{type:"boolean"},debug:{type:"boolean",default:!1},base:{type:"string"}}}),r=e.format;if(!z.includes(r))throw new s(`--format: expected one of ${z.join(", ")} (got "${e.format}")`);let d;if(e["fail-on"]!==void 0){let i=C.safeParse(e["fail-on"]);if(!i.success)throw new s(`--fail-on: expected critical, high, medium, low, info or never (got "${e["fail-on"]}")`);d=i.data}let a=o.length>0?o:["."];for(let i of a)try{x(f(t.cwd,i))}catch{throw new s(`path not found: ${i}`)}let l=ot(t.cwd,a,e.root),q=[f(t.cwd,a[0]),l].filter((i,X,Z)=>Z.indexOf(i)===X&&(()=>{try{return x(i).isDirectory()}catch{return!1}})()),{config:p,source:y}=R({ruleIds:F,explicit:e.config&&f(t.cwd,e.config),searchDirs:q,root:l});e.offline&&(p.online=!1);let b=d??p["fail-on"],v=L(e.debug),u=await T({root:l,paths:a.map(i=>f(t.cwd,i)),config:p,configSource:y,logger:v}),c=u.findings,k=[];if(e.base!==void 0){if(a.length!==1)throw new s("--base compares one path (a file or folder), got several");let i=await W(u.findings,{ref:e.base,root:l,scanPath:f(t.cwd,a[0]),config:p,...y?{configSource:y}:{},logger:v});c=i.reported,k=i.existing,t.stderr(`Compared with ${e.base} (merge base ${i.base.slice(0,12)}, ${i.changed.size} changed files): ${c.length} new, ${k.length} existing findings not reported.
`)}let h=j(c,b,u.stats.filesChecked),K=e["no-color"]===!0||t.env.NO_COLOR!==void 0,Q=!e.output&&!K&&(t.isTTY||t.env.FORCE_COLOR!==void 0&&t.env.FORCE_COLOR!=="0"),g;switch(r){case"json":g=Y(c,h);break;case"sarif":g=P(c,{levelFor:I(b)});break;case"markdown":g=_(c,h,{existing:k});break;default:g=$(c,h,{color:Q})}if(e.output){try{tt(f(t.cwd,e.output),g)}catch(i){throw new s(`--output: cannot write ${e.output}: ${i.message}`)}r!=="text"&&t.stderr($([],h,{color:!1}).replace(/^\n/,""))}else t.stdout(g);return e.debug&&v.debug(`scanned ${u.stats.filesChecked} files, ${u.stats.bytesRead} bytes in ${u.stats.durationMs.toFixed(0)} ms`),c.some(i=>E(i.severity,b))?1:0}function it(n,t){let{values:e}=V({args:n,options:{format:{type:"string",short:"f",default:"text"}}});if(e.format==="json")return t.stdout(`${JSON.stringify(w.map(r=>({id:r.id,severity:r.severity,title:r.title})),null,2)}
`),0;if(e.format!=="text")throw new s(`--format: expected text or json (got "${e.format}")`);let o=Math.max(...w.map(r=>r.id.length));return t.stdout(w.map(r=>`${r.id.padEnd(o)}  ${r.severity.padEnd(8)}  ${r.title}`).join(`
`)+`
`),0}function G(n){return D(n.split(`
`)[0].trim())}async function H(n,t){let e=n.includes("--debug");try{let[o,...r]=n;if(o===void 0)return t.stderr(S),2;if(o==="--help"||o==="-h"||o==="help")return t.stdout(S),0;if(o==="--version"||o==="-v"||o==="version")return t.stdout(`${m}
`),0;if(r.includes("--help")||r.includes("-h"))return t.stdout(S),0;if(o==="scan")return await nt(r,t);if(o==="rules")return it(r,t);throw new s(`unknown command '${o}' (try 'bulkhead --help')`)}catch(o){let r=o;return o instanceof s||r.code?.startsWith("ERR_PARSE_ARGS")?t.stderr(`bulkhead: ${G(r.message)}
`):(t.stderr(`bulkhead: internal error: ${G(r.message)}
`),e&&r.stack&&t.stderr(`${r.stack}
`)),2}}process.exitCode=await H(process.argv.slice(2),{stdout:n=>process.stdout.write(n),stderr:n=>process.stderr.write(n),isTTY:process.stdout.isTTY===!0,env:process.env,cwd:process.cwd()});
