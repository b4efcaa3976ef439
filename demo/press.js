// A press on a chip is a click, a drag or (on a touch screen) a scroll, and which one is only known later:
// - mouse and pen: it becomes a drag once the pointer has moved MIN_DRAG_PX from where it went down;
// - touch: it becomes a drag after the finger rests HOLD_MS without moving; a finger that moves first is
//   scrolling the page, and the browser takes the pointer (pointercancel);
// - released before either: a click.
export const MIN_DRAG_PX = 5;
export const HOLD_MS = 450;

export class PressTracker {
  /**
   * @param onDrag   (node, {x, y}, pointerId) => void: the press became a drag, at the press point
   * @param onClick  (node) => void
   */
  constructor({ onDrag, onClick }) {
    this.onDrag = onDrag;
    this.onClick = onClick;
    this.press = null;
  }

  get pending() {
    return this.press !== null;
  }

  down(event, node) {
    this.cancel();
    const press = { node, pointerId: event.pointerId, x: event.clientX, y: event.clientY, touch: event.pointerType === 'touch', timer: 0 };
    if (press.touch) press.timer = setTimeout(() => this.#drag(press), HOLD_MS);
    this.press = press;
  }

  /** Answers true when the move belonged to a press (and so is not a drag's move). */
  move(event) {
    const press = this.press;
    if (press === null || event.pointerId !== press.pointerId) return false;
    const far = Math.hypot(event.clientX - press.x, event.clientY - press.y) >= MIN_DRAG_PX;
    if (!far) return true;
    if (press.touch) this.cancel();  // the finger moved before the hold: a scroll, not a drag
    else this.#drag(press);
    return true;
  }

  /** Answers true when the release ended a press that never became a drag (a click). */
  up(event) {
    const press = this.press;
    if (press === null || event.pointerId !== press.pointerId) return false;
    this.cancel();
    this.onClick(press.node);
    return true;
  }

  cancel() {
    if (this.press !== null) clearTimeout(this.press.timer);
    this.press = null;
  }

  #drag(press) {
    if (this.press !== press) return;
    this.cancel();
    this.onDrag(press.node, { x: press.x, y: press.y }, press.pointerId);
  }
}
