using System.Security.Cryptography;
using System.Text;

namespace SparkEtl.Status.Internal;

/// <summary>
/// The page's inline style and script, and the Content-Security-Policy that allows exactly these two (by hash) and
/// nothing from anywhere else: no external asset, no inline style attribute, fetches to this server only.
/// </summary>
internal static class PageAssets
{
    public const string Style = """
        :root { --ink: #1f2937; --muted: #6b7280; --line: #e5e7eb; --card: #ffffff; --page: #f3f5f8; --accent: #2f6fb3; }
        * { box-sizing: border-box; }
        body { margin: 0; background: var(--page); color: var(--ink); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Liberation Sans", sans-serif; }
        main { max-width: 1480px; margin: 0 auto; padding: 20px 24px 28px; }
        header.top { display: flex; align-items: flex-end; justify-content: space-between; margin-bottom: 16px; }
        h1 { display: inline; font-size: 22px; font-weight: 600; margin: 0 12px 0 0; }
        h1 .mark { color: var(--accent); font-weight: 700; }
        .pill { display: inline-block; vertical-align: 3px; padding: 2px 10px; border-radius: 999px; background: #e3f1e7; color: #1e6b3a; font-size: 12px; font-weight: 600; }
        .pill.waiting { background: #fdf0dc; color: #8a5a12; }
        .ids { margin: 6px 0 0; color: var(--muted); font-size: 12px; }
        code { font: 12px ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", monospace; color: var(--ink); }
        .figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px; margin-bottom: 16px; }
        .figure { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 10px 14px; }
        .figure .label { color: var(--muted); font-size: 12px; font-weight: 600; letter-spacing: .02em; }
        .figure .value { font-size: 22px; font-weight: 600; font-variant-numeric: tabular-nums; margin: 2px 0; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
        .figure .note { color: var(--muted); font-size: 12px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
        .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 16px; margin-bottom: 16px; }
        .card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 14px 16px 10px; min-width: 0; }
        .card h2 { font-size: 15px; font-weight: 600; margin: 0; }
        .card .sub { color: var(--muted); font-size: 12px; margin: 2px 0 6px; }
        svg.chart { display: block; width: 100%; height: auto; }
        svg.chart text { font-family: inherit; }
        svg .grid { stroke: #eceff3; stroke-width: 1; }
        svg .axis { stroke: #9aa3af; stroke-width: 1; }
        svg .tick { fill: var(--muted); font-size: 11px; font-variant-numeric: tabular-nums; }
        svg .axis-title { fill: var(--muted); font-size: 11px; }
        svg .legend-text { fill: var(--ink); font-size: 11px; }
        svg .area { fill-opacity: .14; stroke: none; }
        svg .point { stroke: #fff; stroke-width: 1; }
        svg .range { fill-opacity: .55; }
        svg .infinity { fill: var(--ink); font-size: 14px; font-weight: 700; }
        svg .placeholder { fill: #f7f8fa; stroke: var(--line); stroke-dasharray: 4 4; }
        svg .empty-message { fill: var(--muted); font-size: 13px; }
        svg g.bar:hover rect, svg circle.point:hover { opacity: .8; }
        .scroll { overflow-x: auto; }
        table { border-collapse: collapse; width: 100%; font-size: 13px; font-variant-numeric: tabular-nums; }
        th { text-align: left; color: var(--muted); font-weight: 600; font-size: 12px; border-bottom: 1px solid var(--line); padding: 6px 10px; white-space: nowrap; }
        td { border-bottom: 1px solid #f0f2f5; padding: 5px 10px; white-space: nowrap; }
        tbody tr:hover { background: #f7f9fc; }
        .num { text-align: right; }
        .badge { display: inline-block; padding: 0 6px; border-radius: 4px; background: #fdf0dc; color: #8a5a12; font-size: 11px; font-weight: 600; }
        .state { display: inline-block; padding: 0 6px; border-radius: 4px; font-size: 11px; font-weight: 600; background: #eef1f5; color: var(--muted); }
        .state.active { background: #e3f1e7; color: #1e6b3a; }
        .state.ended { background: #eceaf6; color: #5b4a8a; }
        svg.swatch { width: 10px; height: 10px; margin-right: 6px; vertical-align: -1px; }
        .card.wide { margin-bottom: 16px; }
        .empty-table { color: var(--muted); margin: 8px 0 12px; }
        footer { color: var(--muted); font-size: 12px; text-align: center; }
        footer a { color: var(--accent); }
        .offline { display: none; position: sticky; top: 0; z-index: 1; padding: 6px 24px; background: #fbe4e2; color: #8c2d2a; font-size: 13px; text-align: center; }
        body.stale .offline { display: block; }
        """;

    // Fetches the page's main content again every few seconds (not while the tab is hidden); marks the page stale while
    // the server does not answer, and keeps what it last showed.
    public const string Script = """
        (() => {
          const main = document.getElementById('status');
          const every = Math.max(1, Number(main.dataset.refresh) || 2) * 1000;
          async function refresh() {
            if (!document.hidden) {
              try {
                const response = await fetch('fragment', { cache: 'no-store' });
                if (!response.ok) throw new Error(String(response.status));
                main.innerHTML = await response.text();
                document.body.classList.remove('stale');
              } catch {
                document.body.classList.add('stale');
              }
            }
            setTimeout(refresh, every);
          }
          setTimeout(refresh, every);
        })();
        """;

    /// <summary>The page's Content-Security-Policy.</summary>
    public static readonly string ContentSecurityPolicy =
        $"default-src 'none'; script-src '{Hash(Script)}'; style-src '{Hash(Style)}'; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static string Hash(string inline) => "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(inline)));
}
