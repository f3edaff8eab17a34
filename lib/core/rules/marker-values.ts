import { defineRule } from '../findings';
import { GatewayModel } from '../fleet';
import { ValidationContext } from './context';
import { blank } from './input-values';

/** The props of a custom rule's header tests, as the user wrote them. */
const HEADER_TEST_PROPS: { [k in 'headerContains' | 'exceptIfHeaderContains' | 'exceptIfHeaderMatches']: [string, string] } = {
  headerContains: ['headerContainsName', 'headerContainsWords'],
  exceptIfHeaderContains: ['exceptIfHeaderContainsName', 'exceptIfHeaderContainsWords'],
  exceptIfHeaderMatches: ['exceptIfHeaderMatchesName', 'exceptIfHeaderMatchesPatterns'],
};

function markerProblems(g: GatewayModel): [string, string][] {
  const out: [string, string][] = [];
  const m = g.markers;
  for (const which of ['incoming', 'outgoing', 'internal'] as const) {
    if (blank(m[which].name)) out.push([`markerHeaders.${which}.name`, 'the header name is empty']);
    if (blank(m[which].value)) out.push([`markerHeaders.${which}.value`, `the value that marks processed mail in ${m[which].name || 'the header'} is empty, so every message would match`]);
  }
  if (blank(m.direction)) out.push(['markerHeaders.directionHeader', 'the direction header name is empty']);
  m.cleanOutbound.forEach((h, n) => {
    if (blank(h)) out.push([`markerHeaders.cleanOutboundHeaders[${n}]`, 'a header name to remove is empty']);
  });
  if (g.ftapi && blank(g.ftapi.receivedMarker)) out.push(['ftapi.receivedHeaderMarker', 'the word looked for in Received headers is empty, so every message would match']);
  g.customProfile?.routingRules.forEach((r, n) => {
    const at = `customProfile.routingRules[${n}] '${r.name}'`;
    for (const key of Object.keys(HEADER_TEST_PROPS) as (keyof typeof HEADER_TEST_PROPS)[]) {
      const [nameProp, valuesProp] = HEADER_TEST_PROPS[key];
      const test = r[key];
      if (!test) continue;
      if (blank(test.header)) out.push([`${at} ${nameProp}`, 'the header name is empty']);
      if (test.values.length === 0) out.push([`${at} ${valuesProp}`, 'the list is empty; a header test needs at least one word or pattern']);
      test.values.forEach((v, i) => {
        if (blank(v)) out.push([`${at} ${valuesProp}[${i}]`, 'the word or pattern is empty, so it matches every message']);
      });
    }
    if (r.subjectOrBodyContainsWords !== undefined) {
      if (r.subjectOrBodyContainsWords.length === 0) out.push([`${at} subjectOrBodyContainsWords`, 'the list is empty']);
      r.subjectOrBodyContainsWords.forEach((w, i) => {
        if (blank(w)) out.push([`${at} subjectOrBodyContainsWords[${i}]`, 'the word is empty, so it matches every message']);
      });
    }
    if (r.setHeaderName !== undefined && blank(r.setHeaderName)) out.push([`${at} setHeaderName`, 'the header name is empty']);
    if (r.setHeaderValue !== undefined && blank(r.setHeaderValue)) out.push([`${at} setHeaderValue`, 'the value is empty']);
    if (r.removeHeader !== undefined && blank(r.removeHeader)) out.push([`${at} removeHeader`, 'the header name is empty']);
  });
  return out;
}

export const MarkerValues = defineRule<ValidationContext>(
  {
    code: 'CBC019',
    level: 'error',
    title: 'Marker headers, their values and the words of header tests are not empty',
    explanation: 'An empty marker value or word (ExceptIfHeaderContainsWords "") is deployed as written: the exception matches every message or none, so mail loops through the gateway or bypasses it.',
  },
  (ctx, report) => {
    for (const g of ctx.fleet.gateways) {
      for (const [prop, problem] of markerProblems(g)) report(g.path, `${prop}: ${problem}`, 'give a non-empty value, or leave the prop out for its default', prop);
    }
  },
);
