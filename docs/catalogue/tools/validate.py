#!/usr/bin/env python3
"""Validates model-catalogue.tsv: header, 9 fields a row, numbers parse, capabilities valid, ids unique."""
import sys, re
from decimal import Decimal, InvalidOperation

path = sys.argv[1] if len(sys.argv) > 1 else '/work/catalogue/model-catalogue.tsv'
HEADER = ['id', 'native_name', 'input', 'cached_input', 'cache_write', 'output',
          'context_window', 'max_output', 'capabilities']
REQUIRED = ['openai/gpt-4o-mini', 'openai/gpt-4o', 'anthropic/claude-3.5-sonnet',
            'anthropic/claude-3-haiku', 'anthropic/claude-3-opus']
CAPS = {'images', 'tools', 'json_schema', 'reasoning'}
VENDORS = {'openai', 'anthropic', 'google', 'meta-llama', 'mistralai', 'deepseek', 'qwen', 'x-ai'}
errors, ids, header_seen, n = [], set(), False, 0
raw = open(path, 'rb').read()
try:
    text = raw.decode('utf-8')
except UnicodeDecodeError as e:
    sys.exit('not UTF-8: %s' % e)
if '\r' in text:
    errors.append('CR characters present')
for ln, line in enumerate(text.split('\n'), 1):
    if line == '' or line.startswith('#'):
        continue
    f = line.split('\t')
    if not header_seen:
        if f != HEADER:
            errors.append('line %d: bad header %r' % (ln, f))
        header_seen = True
        continue
    n += 1
    if len(f) != 9:
        errors.append('line %d: %d fields' % (ln, len(f))); continue
    id_, native, *nums, caps = f
    if not re.fullmatch(r'[a-z0-9-]+/[A-Za-z0-9._:-]+', id_) or id_.split('/')[0] not in VENDORS:
        errors.append('line %d: bad id %r' % (ln, id_))
    if id_ in ids:
        errors.append('line %d: duplicate id %r' % (ln, id_))
    ids.add(id_)
    if not native or native.strip() != native or ' ' in native:
        errors.append('line %d: bad native_name %r' % (ln, native))
    prices, ints = nums[:4], nums[4:]
    vals = []
    for name, v in zip(HEADER[2:6], prices):
        try:
            d = Decimal(v)
            if d < 0 or not d.is_finite(): raise InvalidOperation
            if d.as_tuple().exponent < -4: errors.append('line %d: %s has >4 decimals' % (ln, name))
            vals.append(d)
        except InvalidOperation:
            errors.append('line %d: %s not a price: %r' % (ln, name, v))
    for name, v in zip(HEADER[6:8], ints):
        if not re.fullmatch(r'[1-9][0-9]*', v):
            errors.append('line %d: %s not a positive integer: %r' % (ln, name, v))
    if len(vals) == 4:
        inp, cached, write, out = vals
        if cached > inp: errors.append('line %d: cached_input > input' % ln)
        if write < inp: errors.append('line %d: cache_write < input' % ln)
    if all(re.fullmatch(r'[0-9]+', v) for v in ints) and int(ints[1]) > int(ints[0]):
        errors.append('line %d: max_output > context_window' % ln)
    if caps != '-':
        cl = caps.split(',')
        if any(c not in CAPS for c in cl) or len(set(cl)) != len(cl):
            errors.append('line %d: bad capabilities %r' % (ln, caps))
for r in REQUIRED:
    if r not in ids:
        errors.append('missing required id %s' % r)
if not header_seen:
    errors.append('no header')
for e in errors:
    print('ERROR', e)
print('%d rows, %d errors' % (n, len(errors)))
sys.exit(1 if errors else 0)
