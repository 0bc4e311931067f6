import { cn } from '@/lib/cn';
import { HydratedButton } from './hydrated-button';

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'ghost';
export type ButtonSize = 'sm' | 'md';

/**
 * Variants and sizes are component classes in app/globals.css (`.btn`, `.btn-primary`, …), written
 * with the same Tailwind utilities: one short class name per button in the HTML and in the page
 * payload instead of ~300 bytes of utilities, repeated on every button of every page. Primary
 * and danger keep `keep-colors` (white text on a solid colour in both themes).
 */
const VARIANTS: Record<ButtonVariant, string> = {
  primary: 'keep-colors btn-primary',
  secondary: 'btn-secondary',
  danger: 'keep-colors btn-danger',
  ghost: 'btn-ghost',
};

const SIZES: Record<ButtonSize, string> = {
  sm: 'btn-sm',
  md: 'btn-md',
};

/** Class names for anything that should look like a button (buttons and links alike). */
export function buttonClass(
  variant: ButtonVariant = 'secondary',
  size: ButtonSize = 'md',
  extra?: string,
): string {
  return cn('btn', VARIANTS[variant], SIZES[size], extra);
}

type ButtonProps = React.ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: ButtonVariant;
  size?: ButtonSize;
};

export function Button({
  variant = 'secondary',
  size = 'md',
  className,
  type = 'button',
  ...props
}: ButtonProps) {
  const classes = buttonClass(variant, size, className);
  // A handler can only come from a client component: such a button waits for hydration, so a
  // click on the server's HTML is never silently lost. Submit buttons work without JavaScript.
  if (props.onClick && type === 'button')
    return <HydratedButton type={type} className={classes} {...props} />;
  return <button type={type} className={classes} {...props} />;
}
