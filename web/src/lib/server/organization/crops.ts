/**
 * The crop step's numbers (ORG-06): the organizer gives left, top and width; the height follows
 * from the kind's ratio (3:4 calendar, 16:9 sheet), so the rectangle always has the right shape.
 * Defaults: the largest rectangle of that shape, centred.
 */
import type { CropRect } from '$shared/images/crop-kinds';

export type ChosenKind = 'calendar' | 'sheet';

const ratios: Record<ChosenKind, { width: number; height: number }> = {
  calendar: { width: 3, height: 4 },
  sheet: { width: 16, height: 9 },
};

const heightOf = (kind: ChosenKind, width: number) =>
  Math.round((width * ratios[kind].height) / ratios[kind].width);

/** The largest rectangle of the kind's shape inside the image, centred. */
export function centredCrop(kind: ChosenKind, size: { width: number; height: number }): CropRect {
  const ratio = ratios[kind];
  let width = size.width;
  if (heightOf(kind, width) > size.height) width = Math.floor((size.height * ratio.width) / ratio.height);
  const height = Math.min(size.height, heightOf(kind, width));
  return {
    left: Math.floor((size.width - width) / 2),
    top: Math.floor((size.height - height) / 2),
    width,
    height,
  };
}

/** The rectangles the form starts from: the ones last asked for, else the centred defaults. */
export function cropDefaults(
  size: { width: number; height: number },
  requested?: Partial<Record<string, CropRect>>,
): Record<ChosenKind, CropRect> {
  return {
    calendar: requested?.calendar ?? centredCrop('calendar', size),
    sheet: requested?.sheet ?? centredCrop('sheet', size),
  };
}

/**
 * The posted numbers as the use case takes them; what is not a whole number is passed on as typed,
 * for the use case to refuse with its message.
 */
export function cropRectOf(
  kind: ChosenKind,
  left: string,
  top: string,
  width: string,
): Record<keyof CropRect, number | string> {
  const whole = (value: string) => (/^\s*\d{1,6}\s*$/.test(value) ? Number(value) : value);
  const w = whole(width);
  return {
    left: whole(left),
    top: whole(top),
    width: w,
    height: typeof w === 'number' ? heightOf(kind, w) : w,
  };
}
