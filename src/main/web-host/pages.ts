/**
 * The two pages the web host shows instead of the kiosk, in both languages: plain HTML with no
 * script or style (the strict CSP applies), saying what the person should do next.
 */
function page(title: string, body: string): string {
  return `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`;
}

/** `/` without the kiosk's session cookie. */
export function notSignedInPage(): string {
  return page(
    '生協カウンター端末 / Co-op Counter Kiosk',
    '<h1>このブラウザは端末につながっていません</h1>' +
      '<p>端末を起動したときに表示された起動用リンク（http://127.0.0.1:…/?launch=…）を開いてください。リンクは一度だけ使えます。新しいリンクは、端末のプロセスに SIGUSR1 を送ると表示されます（README「Web host」）。</p>' +
      '<h1 lang="en">This browser is not connected to the kiosk</h1>' +
      '<p lang="en">Open the launch link the kiosk printed when it started (http://127.0.0.1:…/?launch=…). A link works once; send SIGUSR1 to the kiosk process to print a new one (README, "Web host").</p>',
  );
}

/** `/?launch=` with a token that is wrong or already used. */
export function launchRefusedPage(): string {
  return page(
    '生協カウンター端末 / Co-op Counter Kiosk',
    '<h1>この起動用リンクは使えません</h1>' +
      '<p>リンクがすでに使われたか、新しいリンクに置き換わりました。端末のプロセスに SIGUSR1 を送り、表示された新しいリンクを開いてください。</p>' +
      '<h1 lang="en">This launch link does not work</h1>' +
      '<p lang="en">It was used already or replaced by a newer one. Send SIGUSR1 to the kiosk process and open the new link it prints.</p>',
  );
}
