export function htmlReport(): string {
  return '';
}
