/**
 * `exo-gateway report`'s outputs of a report: the stdout table and one self-contained, sortable
 * HTML page.
 */
import { FleetReport, FleetReportRow } from './report-model';

/** How a row's expiry reads: `12 days`, `expired 3 days ago`, `unknown`. */
export function expiryText(r: FleetReportRow): string {
  if (r.daysLeft === undefined) return 'unknown';
  if (r.daysLeft < 0) return `expired ${-r.daysLeft} day${r.daysLeft === -1 ? '' : 's'} ago`;
  return `${r.daysLeft} day${r.daysLeft === 1 ? '' : 's'}`;
}

function convergeText(r: FleetReportRow): string {
  switch (r.lastConverge) {
    case 'current':
      return `applied (state ${r.stateWrittenAt?.slice(0, 16).replace('T', ' ')}Z)`;
    case 'outdated':
      return 'apply pending';
    case 'never':
      return 'never applied';
    default:
      return 'unknown';
  }
}

const HEAD = ['STACK', 'TENANT', 'INBOUND CONNECTOR', 'OUTBOUND CONNECTOR', 'CERTIFICATE', 'EXPIRES IN', 'PROFILE', 'LAST CONVERGE'];

function cells(r: FleetReportRow): string[] {
  return [r.stack, r.tenant, r.inboundConnector ?? '', r.outboundConnector ?? '', r.certificateName ?? '', expiryText(r), r.profile ?? 'unknown', r.error ? `error: ${r.error}` : convergeText(r)];
}

/** The stdout table. */
export function reportTable(report: FleetReport): string {
  const rows = report.rows.map(cells);
  const widths = HEAD.map((h, i) => Math.min(48, Math.max(h.length, ...rows.map((r) => r[i].length))));
  const fit = (c: string, w: number) => (c.length > w ? `${c.slice(0, w - 1)}…` : c.padEnd(w));
  const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : fit(c, widths[i]))).join('  ').trimEnd();
  const footer = report.expiringWithinDays !== undefined ? `${report.rows.length} tenant(s) with a certificate expiring within ${report.expiringWithinDays} days` : `${report.rows.length} tenant(s)`;
  return [line(HEAD), ...rows.map(line), '', footer].join('\n') + '\n';
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/**
 * One self-contained HTML page: inline style and script, no external reference, sortable by a
 * click on any column head (expiry sorts by days, unknown last), or on opening by `#sort=<column>[-desc]`.
 */
export function reportHtml(report: FleetReport): string {
  const expiring = report.rows.filter((r) => r.daysLeft !== undefined && r.daysLeft <= 30).length;
  const body = report.rows
    .map((r) => {
      const c = cells(r);
      const cls = r.daysLeft === undefined ? 'unknown' : r.daysLeft < 0 ? 'expired' : r.daysLeft <= 30 ? 'soon' : 'ok';
      const sortKey = r.daysLeft === undefined ? '999999' : String(r.daysLeft);
      const title = r.certificate ? ` title="${escapeHtml(`${r.certificate.subject}\nSHA-256 ${r.certificate.fingerprint}\nnot after ${r.certificate.notAfter}`)}"` : '';
      return (
        '<tr>' +
        c
          .map((text, i) => (i === 5 ? `<td class="${cls}" data-sort="${sortKey}"${title}>${escapeHtml(text)}</td>` : `<td>${escapeHtml(text)}</td>`))
          .join('') +
        '</tr>'
      );
    })
    .join('\n');
  const heading = report.expiringWithinDays !== undefined ? `Certificates expiring within ${report.expiringWithinDays} days` : 'Exchange Online gateway fleet';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(heading)}</title>
<style>
body { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 24px; color: #1b1f24; background: #fff; }
h1 { font-size: 20px; margin: 0 0 4px; }
p.meta { color: #57606a; margin: 0 0 16px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid #d0d7de; white-space: nowrap; }
th { background: #f6f8fa; cursor: pointer; user-select: none; position: sticky; top: 0; }
th[aria-sort="ascending"]::after { content: " \\25B2"; }
th[aria-sort="descending"]::after { content: " \\25BC"; }
tr:nth-child(even) td { background: #fafbfc; }
td.ok { color: #116329; }
td.soon { color: #9a6700; font-weight: 600; background: #fff8c5 !important; }
td.expired { color: #a40e26; font-weight: 600; background: #ffebe9 !important; }
td.unknown { color: #57606a; font-style: italic; }
</style>
</head>
<body>
<h1>${escapeHtml(heading)}</h1>
<p class="meta">${report.rows.length} tenant(s), ${expiring} with a certificate expiring within 30 days; as of ${escapeHtml(report.generatedAt)}. Click a column to sort.</p>
<table id="fleet">
<thead><tr>${HEAD.map((h) => `<th scope="col">${escapeHtml(h.charAt(0) + h.slice(1).toLowerCase())}</th>`).join('')}</tr></thead>
<tbody>
${body}
</tbody>
</table>
<script>
(function () {
  var table = document.getElementById('fleet');
  var heads = table.tHead.rows[0].cells;
  Array.prototype.forEach.call(heads, function (th, col) {
    th.addEventListener('click', function () {
      var asc = th.getAttribute('aria-sort') !== 'ascending';
      Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      var key = function (row) {
        var cell = row.cells[col];
        var s = cell.getAttribute('data-sort');
        return s !== null ? Number(s) : cell.textContent.toLowerCase();
      };
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        var c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
        return asc ? c : -c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
  // A link can open the page sorted: #sort=<column from 0>[-desc]
  var m = /^#sort=(\\d+)(-desc)?$/.exec(location.hash);
  if (m && heads[Number(m[1])]) {
    heads[Number(m[1])].click();
    if (m[2]) heads[Number(m[1])].click();
  }
})();
</script>
</body>
</html>
`;
}
