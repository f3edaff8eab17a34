import { App, LocalBackend } from 'cdktf';
import { FleetFile } from '../../lib';

// The whole fleet is data: fleet.yaml, changed by pull request. One stack per shard
// (mail-gateway-0 … mail-gateway-2), each with its own state, applied on its own.
const app = new App();
const fleet = new FleetFile(app, 'Fleet', { path: 'fleet.yaml' });
fleet.stacks.forEach((stack) => new LocalBackend(stack, { path: 'terraform.tfstate' }));
app.synth();
