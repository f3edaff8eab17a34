import { App } from 'cdktf';
import { CustomGatewayStack } from './fleet';

const app = new App();
new CustomGatewayStack(app, 'custom-gateway');
app.synth();
