/** Tests run the bundled apply-time program (assets, stand-in pwsh): bundle it first. */
module.exports = async () => {
  require('./bundle-runtime.js');
};
