/**
 * How a member card's barcode is drawn: EAN-13 (every retail scanner reads it) with
 * the human-readable digits underneath. One definition for the print slip (bwip-js
 * toSVG in the renderer) and the decode test (bwip-js toBuffer + zbarimg in Node), so
 * the test checks exactly what gets printed.
 */
export function cardBarcodeOptions(cardNumber: string) {
  return {
    bcid: 'ean13',
    text: cardNumber,
    scale: 3,
    height: 18,
    includetext: true,
    backgroundcolor: 'FFFFFF',
    paddingwidth: 10,
    paddingheight: 6,
  } as const;
}
