// Files the user hands the composer (picker, drop, paste): images meant for the text, the rest attachments.

/** Image types a mail client shows inline; SVG is not among them (it can carry script). */
const INLINE_IMAGE = /^image\/(png|jpeg|gif|webp|bmp)$/i;
/** An image larger than this goes in as an attachment rather than into the text. */
export const MAX_INLINE_IMAGE_BYTES = 5 * 1024 * 1024;

export function splitFiles(files: readonly File[]): { images: File[]; others: File[] } {
  const images: File[] = [];
  const others: File[] = [];
  for (const file of files) {
    if (INLINE_IMAGE.test(file.type) && file.size <= MAX_INLINE_IMAGE_BYTES) images.push(file);
    else others.push(file);
  }
  return { images, others };
}

export function readDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error(`${file.name} could not be read`));
    reader.readAsDataURL(file);
  });
}

/** Whether a drag carries files (a drop zone shows only then). */
export function dragHasFiles(event: DragEvent): boolean {
  return Array.from(event.dataTransfer?.types ?? []).includes('Files');
}
