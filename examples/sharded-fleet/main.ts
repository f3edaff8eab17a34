import { App } from 'cdktf';
import { buildShardedFleet, generatedTenants } from './fleet';

// 24 customers in 3 shards: stacks mail-gateway-0 … mail-gateway-2, each applied on its own
// (`cdktf deploy mail-gateway-1`, or `terraform apply` in cdktf.out/stacks/mail-gateway-1).
const app = new App();
buildShardedFleet(app, generatedTenants(24), { shardCount: 3 });
app.synth();
