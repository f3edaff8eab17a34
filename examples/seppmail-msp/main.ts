import { App } from 'cdktf';
import { SeppmailMspStack } from './fleet';

const app = new App();
new SeppmailMspStack(app, 'seppmail-msp');
app.synth();
