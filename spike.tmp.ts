import { OpenAPIBackend } from 'openapi-backend';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
function strip(n: unknown): unknown { if (Array.isArray(n)) return n.map(strip); if (n && typeof n==='object') { const o = n as Record<string,unknown>; if ('$ref' in o) return { $ref: o['$ref'] }; 
 if (Array.isArray(o['anyOf']) && (o['anyOf'] as any[]).some((s)=>s && s.type==='null')) { const rest = {...o}; delete rest['nullable']; rest['anyOf'] = (o['anyOf'] as any[]).map((s)=> s.type==='null' ? {enum:[null]} : s); return Object.fromEntries(Object.entries(rest).map(([k,v])=>[k,strip(v)])); }
 return Object.fromEntries(Object.entries(o).map(([k,v])=>[k,strip(v)])); } return n; }
const f = process.argv[2]!;
const t0 = Date.now();
const doc = strip(parse(readFileSync(f,'utf8'))) as any;
const api = new OpenAPIBackend({ definition: doc, quick: false, validate: true, strict: true, customizeAjv: (ajv) => { addFormats.default(ajv); ajv.addFormat('url', true); ajv.addKeyword('example'); return ajv; } });
try { await api.init(); } catch (e) { const m=(e as Error).message; console.log('init err', m.slice(0,300)); const i = m.indexOf('\n['); if (i>0) { const errs = JSON.parse(m.slice(i)); const seen=new Set(); for (const x of errs) seen.add(x.instancePath+' '+x.message); console.log([...seen].slice(0,40).join('\n')); } }
console.log(f, 'init ms', Date.now()-t0);
