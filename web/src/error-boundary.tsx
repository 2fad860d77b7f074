// A view that fails to render says so in its place; the navigation keeps working.
import { Component, type ComponentChildren } from 'preact';

interface State {
  readonly error: string | null;
}

export class ViewErrorBoundary extends Component<{ children: ComponentChildren }, State> {
  override state: State = { error: null };

  override componentDidCatch(error: unknown): void {
    this.setState({ error: error instanceof Error ? error.message : String(error) });
  }

  override render() {
    if (this.state.error !== null)
      return (
        <p class="error" role="alert">
          This view failed to show its data ({this.state.error}). Reload the page; if it persists, the console
          and the server it talks to may be different versions.
        </p>
      );
    return this.props.children;
  }
}
