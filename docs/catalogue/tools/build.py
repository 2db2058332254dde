#!/usr/bin/env python3
"""Builds model-catalogue.tsv from (a) LiteLLM's model_prices_and_context_window.json
and (b) an OpenRouter /api/v1/models snapshot, plus a few documented overrides.
Inputs (paths given on the command line):
  litellm.json      LiteLLM main as of 2026-07-24 18:23 UTC
  litellm_old.json  LiteLLM main as of 2026-03-12 07:25 UTC (last one with Claude 3.5 direct entries)
  openrouter.json   OpenRouter /api/v1/models snapshot, 2026-08-01
"""
import json, sys
from decimal import Decimal, ROUND_HALF_UP

LT = json.load(open(sys.argv[1]))
LT_OLD = json.load(open(sys.argv[2]))
OR = {m['id']: m for m in json.load(open(sys.argv[3]))['data']}
OUT = sys.argv[4]

def per_m(x):
    return None if x is None else float(x) * 1e6

def fmt(x):
    # per-token floats * 1e6 carry binary noise (e.g. 0.01875 -> 0.018749999...);
    # go through a 10-significant-digit repr, then round half-up to 4 decimals.
    d = Decimal('%.10g' % x).quantize(Decimal('0.0001'), rounding=ROUND_HALF_UP)
    s = format(d, 'f').rstrip('0')
    if len(s.split('.')[1]) < 2:
        s = format(d.quantize(Decimal('0.01')), 'f')
    return s

def caps_lt(e):
    c = []
    if e.get('supports_vision'): c.append('images')
    if e.get('supports_function_calling'): c.append('tools')
    if e.get('supports_response_schema'): c.append('json_schema')
    if e.get('supports_reasoning'): c.append('reasoning')
    return c

def caps_or(m):
    sp = set(m.get('supported_parameters') or [])
    c = []
    if 'image' in m['architecture'].get('input_modalities', []): c.append('images')
    if 'tools' in sp: c.append('tools')
    if 'structured_outputs' in sp: c.append('json_schema')
    if 'reasoning' in sp: c.append('reasoning')
    return c

rows = []

def lt(id_, key, native=None, old=False, **ov):
    e = (LT_OLD if old else LT)[key]
    assert e.get('mode') == 'chat', key
    inp = per_m(e['input_cost_per_token'])
    cr = per_m(e.get('cache_read_input_token_cost'))
    cw = per_m(e.get('cache_creation_input_token_cost'))
    r = dict(id=id_, native=native or key.split('/')[-1], input=inp,
             cached=cr if cr is not None else inp,
             write=cw if cw else inp,   # none (or 0.0) in LiteLLM -> = input
             output=per_m(e['output_cost_per_token']),
             ctx=int(e['max_input_tokens']), maxout=int(e['max_output_tokens']),
             caps=caps_lt(e), src='litellm-2026-03-12' if old else 'litellm')
    if key.startswith('gemini/') and r['maxout'] == 65535:
        r['maxout'] = 65536   # LiteLLM off-by-one; Google documents a 65,536 output limit
    r.update(ov)
    rows.append(r)

def orr(id_, native=None, **ov):
    m = OR[id_]
    p = m['pricing']
    inp = per_m(p['prompt'])
    cr = per_m(p.get('input_cache_read'))
    cw = per_m(p.get('input_cache_write'))
    r = dict(id=id_, native=native or m.get('hugging_face_id') or id_.split('/', 1)[1],
             input=inp, cached=cr if cr is not None else inp,
             write=cw if cw else inp, output=per_m(p['completion']),
             ctx=int(m['context_length']),
             maxout=m['top_provider'].get('max_completion_tokens'),
             caps=caps_or(m), src='openrouter')
    r.update(ov)
    if r['maxout'] is None:
        raise SystemExit('no max_output for ' + id_)
    rows.append(r)

# ---------------- OpenAI (LiteLLM, provider openai) ----------------
lt('openai/gpt-4o-mini', 'gpt-4o-mini')
lt('openai/gpt-4o', 'gpt-4o')
lt('openai/gpt-4.1', 'gpt-4.1')
lt('openai/gpt-4.1-mini', 'gpt-4.1-mini')
lt('openai/gpt-4.1-nano', 'gpt-4.1-nano')
lt('openai/o1', 'o1')
lt('openai/o3', 'o3')
lt('openai/o3-mini', 'o3-mini')
lt('openai/o4-mini', 'o4-mini')
# GPT-5..5.2: LiteLLM max_input 272000; OpenAI publishes a 400K total context window
for k in ('gpt-5', 'gpt-5-mini', 'gpt-5-nano', 'gpt-5.1', 'gpt-5.2'):
    lt('openai/' + k, k, ctx=400000)
lt('openai/gpt-5.4', 'gpt-5.4')
# LiteLLM says 1.05M for 5.4 mini/nano; OpenRouter says 400K -> conservative 400K
lt('openai/gpt-5.4-mini', 'gpt-5.4-mini', ctx=400000)
lt('openai/gpt-5.4-nano', 'gpt-5.4-nano', ctx=400000)
lt('openai/gpt-5.5', 'gpt-5.5')
lt('openai/gpt-5.6-sol', 'gpt-5.6-sol')
# OpenAI cut Terra/Luna prices on 2026-07-30 (after the LiteLLM snapshot);
# values from developers.openai.com model pages; cache write = 1.25x input.
lt('openai/gpt-5.6-terra', 'gpt-5.6-terra', input=2.0, cached=0.2, write=2.5, output=12.0, src='openai-docs')
lt('openai/gpt-5.6-luna', 'gpt-5.6-luna', input=0.2, cached=0.02, write=0.25, output=1.2, src='openai-docs')
orr('openai/gpt-oss-120b')
orr('openai/gpt-oss-20b')

# ---------------- Anthropic (LiteLLM, provider anthropic) ----------------
lt('anthropic/claude-3-haiku', 'claude-3-haiku-20240307')
lt('anthropic/claude-3-opus', 'claude-3-opus-20240229')
lt('anthropic/claude-3.5-haiku', 'claude-3-5-haiku-20241022', old=True)
lt('anthropic/claude-3.5-sonnet', 'claude-3-5-sonnet-20241022', old=True)
lt('anthropic/claude-3.7-sonnet', 'claude-3-7-sonnet-20250219')
# LiteLLM lists 1M (beta, tiered >200K) for Sonnet 4; standard window is 200K
lt('anthropic/claude-sonnet-4', 'claude-sonnet-4-20250514', ctx=200000)
lt('anthropic/claude-opus-4', 'claude-opus-4-20250514')
lt('anthropic/claude-opus-4.1', 'claude-opus-4-1-20250805')
lt('anthropic/claude-sonnet-4.5', 'claude-sonnet-4-5-20250929')
lt('anthropic/claude-haiku-4.5', 'claude-haiku-4-5-20251001')
lt('anthropic/claude-opus-4.5', 'claude-opus-4-5-20251101')
lt('anthropic/claude-opus-4.6', 'claude-opus-4-6')
# LiteLLM says 64000; platform.claude.com Sonnet 4.6 overview says 128K max output
lt('anthropic/claude-sonnet-4.6', 'claude-sonnet-4-6', maxout=128000)
lt('anthropic/claude-opus-4.7', 'claude-opus-4-7')
lt('anthropic/claude-opus-4.8', 'claude-opus-4-8')
lt('anthropic/claude-opus-5', 'claude-opus-5')
lt('anthropic/claude-sonnet-5', 'claude-sonnet-5')
lt('anthropic/claude-fable-5', 'claude-fable-5')

# ---------------- Google (LiteLLM, provider gemini = AI Studio API) ----------------
lt('google/gemini-2.0-flash-001', 'gemini/gemini-2.0-flash')
lt('google/gemini-2.0-flash-lite-001', 'gemini/gemini-2.0-flash-lite')
lt('google/gemini-2.5-pro', 'gemini/gemini-2.5-pro')
lt('google/gemini-2.5-flash', 'gemini/gemini-2.5-flash')
lt('google/gemini-2.5-flash-lite', 'gemini/gemini-2.5-flash-lite')
lt('google/gemini-3-flash-preview', 'gemini/gemini-3-flash-preview')
lt('google/gemini-3.1-pro-preview', 'gemini/gemini-3.1-pro-preview')
lt('google/gemini-3.1-flash-lite', 'gemini/gemini-3.1-flash-lite')
lt('google/gemini-3.5-flash', 'gemini/gemini-3.5-flash')
lt('google/gemini-3.5-flash-lite', 'gemini/gemini-3.5-flash-lite')
lt('google/gemini-3.6-flash', 'gemini/gemini-3.6-flash')
orr('google/gemma-3-27b-it')

# ---------------- xAI ----------------
# grok-4.20: LiteLLM still has launch price 2/6 and 2M; docs.x.ai model page says
# 1.25 / 0.20 cached / 2.50 (<200K prompt) and a 1,000,000 context window.
lt('x-ai/grok-4.20', 'xai/grok-4.20-0309-reasoning', input=1.25, cached=0.2, write=1.25,
   output=2.5, ctx=1000000, maxout=1000000, caps=['images', 'tools', 'json_schema', 'reasoning'], src='xai-docs')
lt('x-ai/grok-4.3', 'xai/grok-4.3')
lt('x-ai/grok-4.5', 'xai/grok-4.5')

# ---------------- DeepSeek ----------------
# V4 via DeepSeek's own API (LiteLLM provider deepseek). LiteLLM max_output 8192 and
# cache_creation 0.0 look stale/odd; OpenRouter and LiteLLM's tencent entries say 384000.
lt('deepseek/deepseek-v4-pro', 'deepseek/deepseek-v4-pro', write=None, maxout=384000, caps=['tools', 'json_schema', 'reasoning'])
lt('deepseek/deepseek-v4-flash', 'deepseek/deepseek-v4-flash', write=None, maxout=384000, caps=['tools', 'json_schema', 'reasoning'])
orr('deepseek/deepseek-v3.2')
orr('deepseek/deepseek-chat')
orr('deepseek/deepseek-r1')
orr('deepseek/deepseek-r1-0528')

# ---------------- Meta Llama (OpenRouter) ----------------
orr('meta-llama/llama-3.1-8b-instruct')
orr('meta-llama/llama-3.1-70b-instruct')
# Not listed on OpenRouter any more: price from a common host (Nebius AI Studio) via LiteLLM
lt('meta-llama/llama-3.1-405b-instruct', 'nebius/meta-llama/Meta-Llama-3.1-405B-Instruct',
   native='meta-llama/Meta-Llama-3.1-405B-Instruct', caps=['tools', 'json_schema'], src='litellm-nebius')
orr('meta-llama/llama-3.3-70b-instruct')
orr('meta-llama/llama-4-scout')
orr('meta-llama/llama-4-maverick')

# ---------------- Mistral (OpenRouter; max_output from LiteLLM provider mistral) ----------------
orr('mistralai/mistral-large-2512', native='mistral-large-2512', maxout=262144)
orr('mistralai/mistral-medium-3.1', native='mistral-medium-2508', maxout=131072)
orr('mistralai/mistral-small-3.2-24b-instruct')
orr('mistralai/mistral-nemo')
orr('mistralai/mixtral-8x22b-instruct', maxout=65536)
# Not on OpenRouter any more: DeepInfra price via LiteLLM
lt('mistralai/mixtral-8x7b-instruct', 'deepinfra/mistralai/Mixtral-8x7B-Instruct-v0.1',
   native='mistralai/Mixtral-8x7B-Instruct-v0.1', caps=['tools', 'json_schema'], src='litellm-deepinfra')
orr('mistralai/codestral-2508', native='codestral-2508', maxout=256000)

# ---------------- Qwen (OpenRouter) ----------------
orr('qwen/qwen-2.5-72b-instruct')
orr('qwen/qwen3-235b-a22b-2507')
orr('qwen/qwen3-235b-a22b-thinking-2507', maxout=262144)  # OpenRouter gives none; LiteLLM openrouter/deepinfra entries
orr('qwen/qwen3-32b')
orr('qwen/qwen3-30b-a3b')
orr('qwen/qwen3-coder')
orr('qwen/qwen3-next-80b-a3b-instruct')
orr('qwen/qwen3.5-397b-a17b')

HEADER = ['id', 'native_name', 'input', 'cached_input', 'cache_write', 'output',
          'context_window', 'max_output', 'capabilities']
with open(OUT, 'w', encoding='utf-8') as f:
    f.write(open(sys.argv[5], encoding='utf-8').read())
    f.write('\t'.join(HEADER) + '\n')
    for r in rows:
        if r['write'] is None:
            r['write'] = r['input']
        f.write('\t'.join([r['id'], r['native'], fmt(r['input']), fmt(r['cached']),
                           fmt(r['write']), fmt(r['output']), str(int(r['ctx'])),
                           str(int(r['maxout'])), ','.join(r['caps']) or '-']) + '\n')
    f.write(open(sys.argv[6], encoding='utf-8').read())
json.dump([{k: r[k] for k in ('id', 'src')} for r in rows], open(OUT + '.sources.json', 'w'), indent=1)
print(len(rows), 'rows')
