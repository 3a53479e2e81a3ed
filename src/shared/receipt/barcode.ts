/**
 * What the receipt's Code 128 carries: the transaction's client request id, whole. A UUID in
 * Code 128 B is 431 modules, wider than 80 mm paper at the narrowest module printers accept
 * (2 dots: 862 of 576 dots); the same 128 bits as 40 digits in Code 128 C are 255 modules
 * (510 dots) and scan from across the counter. `9` + the id as 39 decimal digits.
 */
const UUID = /^([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})$/;
const RECEIPT_DIGITS = /^9(\d{39})$/;

export function receiptBarcodeData(clientRequestId: string): string {
  const match = UUID.exec(clientRequestId.toLowerCase());
  if (!match) throw new Error(`not a client request id (UUID): ${JSON.stringify(clientRequestId)}`);
  return `9${BigInt(`0x${match.slice(1).join('')}`).toString().padStart(39, '0')}`;
}

/** The client request id a scanned receipt barcode carries, or undefined when it is not one. */
export function clientRequestIdFromReceiptBarcode(data: string): string | undefined {
  const match = RECEIPT_DIGITS.exec(data);
  if (!match) return undefined;
  const value = BigInt(match[1] ?? '');
  if (value >= 1n << 128n) return undefined;
  const hex = value.toString(16).padStart(32, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
