/** Receipt printers on the device page and the cash drawer: Japanese. */
export const printerJa = {
  heading: '設定されているレシートプリンター',
  none: 'レシートプリンターが設定されていません（端末の設定 → プリンター）。',
  links: { serial: 'シリアル', usb: 'USB', tcp: 'ネットワーク（TCP 9100）' },
  states: {
    connected: '接続しています: {condition}',
    connecting: 'つないでいます（{attempt} 回目）',
    disconnected: '未接続（電源とケーブルを確認）。{seconds} 秒後に自動でつなぎ直します（{attempt} 回目）',
    error: '設定エラー',
    stopped: '停止しています',
  },
  fixHint: 'プリンターの設定（URI）を直して、端末を再起動してください。',
  pending: '印刷待ちのレシート',
  drawerPort: 'キャッシュドロア',
  drawerConnected: 'つながっています（現金チャージと「ドロアを開ける」で開きます）',
  drawerNone: 'なし',
  checkedAt: '最後の確認',
  drawer: {
    open: 'ドロアを開ける',
    title: 'キャッシュドロアを開ける',
    body: '販売なしでドロアを開けます。開けた担当者と承認した責任者が監査ログに残ります。',
    needsSupervisor: '責任者が PIN を入力してください',
    confirm: '開ける',
    opened: 'ドロアを開けました。',
    openedRealtime: 'プリンターが印刷できない状態のため、リアルタイム信号でドロアを開けました。ドロアが開いたか確かめてください。',
  },
};
