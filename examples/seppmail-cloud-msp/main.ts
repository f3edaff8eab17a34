import { App } from 'cdktf';
import { SeppmailCloudMspStack } from './fleet';

const app = new App();
new SeppmailCloudMspStack(app, 'seppmail-cloud-msp');
app.synth();
