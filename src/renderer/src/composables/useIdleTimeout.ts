import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue';

/**
 * Idle detection for a student's session: after `timeoutSeconds - warningSeconds` without a
 * touch, `warning` turns on and `remaining` counts down; at zero `onExpire` runs. Any touch
 * or key (or `keepGoing`) starts the wait again. Inactive while `enabled` is false.
 */
export function useIdleTimeout(options: {
  enabled: Ref<boolean>;
  timeoutSeconds: Ref<number>;
  warningSeconds: Ref<number>;
  onExpire: () => void;
}) {
  const warning = ref(false);
  const remaining = ref(0);
  let lastActivity = Date.now();
  let timer: ReturnType<typeof setInterval> | undefined;

  function keepGoing(): void {
    lastActivity = Date.now();
    warning.value = false;
  }

  function onActivity(): void {
    // While the countdown shows, only its own buttons count: a stray touch must not hide it.
    if (!warning.value) lastActivity = Date.now();
  }

  function tick(): void {
    if (!options.enabled.value) {
      warning.value = false;
      lastActivity = Date.now();
      return;
    }
    const idleMs = Date.now() - lastActivity;
    const timeoutMs = options.timeoutSeconds.value * 1000;
    const warnAfterMs = timeoutMs - options.warningSeconds.value * 1000;
    if (idleMs >= timeoutMs) {
      warning.value = false;
      lastActivity = Date.now();
      options.onExpire();
    } else if (idleMs >= warnAfterMs) {
      warning.value = true;
      remaining.value = Math.ceil((timeoutMs - idleMs) / 1000);
    }
  }

  const events = ['pointerdown', 'keydown', 'touchstart', 'wheel'] as const;
  onMounted(() => {
    for (const name of events) window.addEventListener(name, onActivity, { capture: true, passive: true });
    timer = setInterval(tick, 250);
  });
  onBeforeUnmount(() => {
    for (const name of events) window.removeEventListener(name, onActivity, { capture: true });
    clearInterval(timer);
  });

  return { warning, remaining, keepGoing };
}
