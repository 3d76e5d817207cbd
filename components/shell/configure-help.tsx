export function ConfigureHelp() {
  return (
    <p>
      Driftwatch reads clusters from kubeconfig contexts: set <code className="font-mono">DRIFTWATCH_KUBECONFIG</code> (or{" "}
      <code className="font-mono">KUBECONFIG</code>) and optionally <code className="font-mono">DRIFTWATCH_CONTEXTS</code>, then restart. With no
      cluster configured, <code className="font-mono">npm start</code> runs the simulated demo fleet. See the README&apos;s Configuration section.
    </p>
  );
}
