/// The inline stylesheet of rendered notebooks.
extension HTMLRenderer {
    /// CSS for a readable single column on phones and desktops, light and dark.
    ///
    /// System fonts only, so the page never fetches anything; code blocks
    /// scroll sideways rather than widening the page.
    static let stylesheet = """
        :root { color-scheme: light dark; --fg: #1f2328; --muted: #59636e; --bg: #ffffff; --panel: #f6f8fa;
          --border: #d1d9e0; --accent: #0969da; --keyword: #8250df; --string: #0a3069; --number: #953800;
          --comment: #6e7781; --error-bg: #fff0ee; --error-fg: #a40e26; }
        @media (prefers-color-scheme: dark) {
          :root { --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --panel: #161b22; --border: #3d444d;
            --accent: #4493f8; --keyword: #d2a8ff; --string: #a5d6ff; --number: #ffa657; --comment: #8b949e;
            --error-bg: #2d1214; --error-fg: #ff9492; }
        }
        * { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
        body { margin: 0; background: var(--bg); color: var(--fg);
          font: 16px/1.6 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
        .notebook { max-width: 52rem; margin: 0 auto; padding: 1rem 1rem 3rem; }
        .cell { margin: 0 0 1.25rem; min-width: 0; }
        h1, h2, h3, h4, h5, h6 { line-height: 1.25; margin: 1.4em 0 0.5em; }
        h1 { font-size: 1.9rem; border-bottom: 1px solid var(--border); padding-bottom: 0.3em; }
        h2 { font-size: 1.45rem; border-bottom: 1px solid var(--border); padding-bottom: 0.25em; }
        h3 { font-size: 1.2rem; }
        .prose > :first-child { margin-top: 0.4em; }
        p, ul, ol, blockquote, .table { margin: 0 0 0.9em; }
        ul, ol { padding-left: 1.6em; }
        a { color: var(--accent); overflow-wrap: anywhere; }
        blockquote { margin-left: 0; padding: 0.1em 1em; border-left: 4px solid var(--border); color: var(--muted); }
        hr { border: 0; border-top: 1px solid var(--border); margin: 1.5em 0; }
        code, pre { font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace;
          font-size: 0.875rem; }
        :not(pre) > code { background: var(--panel); border-radius: 4px; padding: 0.1em 0.35em; overflow-wrap: anywhere; }
        pre { margin: 0 0 0.9em; padding: 0.75em 1em; overflow-x: auto; line-height: 1.45; background: var(--panel);
          border-radius: 6px; white-space: pre; -webkit-overflow-scrolling: touch; }
        .table { overflow-x: auto; }
        table { border-collapse: collapse; }
        th, td { border: 1px solid var(--border); padding: 0.3em 0.7em; }
        th { background: var(--panel); }
        .code .prompt { font: 0.8rem/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; color: var(--muted);
          margin-bottom: 0.25em; }
        .code .prompt .in { color: var(--accent); font-weight: 600; }
        .code .prompt .title { font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Arial, sans-serif;
          font-weight: 600; color: var(--fg); }
        pre.source { border-left: 3px solid var(--accent); margin-bottom: 0.4em; }
        .outputs { padding-left: 0.25em; }
        .outputs pre { background: transparent; border: 1px solid var(--border); margin: 0 0 0.4em; }
        .result { display: flex; gap: 0.5em; align-items: baseline; }
        .result .out { font: 0.8rem ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; color: var(--number);
          white-space: nowrap; }
        .result pre { flex: 1; min-width: 0; }
        pre.error { background: var(--error-bg); color: var(--error-fg); border-color: var(--error-fg); }
        figure.image { margin: 0 0 0.6em; }
        figure.image img { display: block; max-width: 100%; height: auto; image-rendering: pixelated;
          border: 1px solid var(--border); }
        figure.image figcaption { font-size: 0.85rem; color: var(--muted); }
        .k { color: var(--keyword); font-weight: 600; }
        .s { color: var(--string); }
        .n { color: var(--number); }
        .c { color: var(--comment); font-style: italic; }
        @media (max-width: 480px) {
          body { font-size: 15px; }
          .notebook { padding: 0.75rem 0.75rem 2rem; }
          h1 { font-size: 1.6rem; }
          pre { padding: 0.6em 0.7em; }
          .result { display: block; }
        }

        """
}
