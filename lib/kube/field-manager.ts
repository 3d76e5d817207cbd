// The field manager Driftwatch's patches are sent with (and that managedFields then names), in a
// module of its own so readers of history (the release report) need not load the Kubernetes client.
export const FIELD_MANAGER = "driftwatch";
