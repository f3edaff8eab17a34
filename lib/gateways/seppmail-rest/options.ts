/** Options of {@link SeppmailApplianceDeployment.restApi}. */
export interface SeppmailRestOptions {
  /**
   * Base URL of the appliance's REST API, `https://<server>:<port>/v1` (the API listens on port
   * 8445 unless another port was chosen under System > Advanced view > REST-API). https only; no
   * user name or password in the URL.
   */
  readonly apiUrl: string;
  /**
   * Name of the environment variable on the runner that holds the API token (sent as
   * `X-SM-API-TOKEN`). Only the name is synthesized.
   */
  readonly tokenEnv: string;
  /**
   * Name of the environment variable on the runner that holds the API secret (sent as
   * `X-SM-API-SECRET`). Only the name is synthesized.
   */
  readonly secretEnv: string;
  /**
   * PEM file on the runner of the CA certificates (or the self-signed certificate) that verify
   * the API's HTTPS certificate; with it, only these are trusted for the API. A relative path is
   * resolved against the working directory at synth.
   * @default - Node's bundled public root certificates
   */
  readonly caFile?: string;
  /**
   * Do not verify the API's HTTPS certificate (CBC035 warns). Prefer `caFile`.
   * @default false
   */
  readonly insecureSkipVerify?: boolean;
  /**
   * Put before every customer name (letters, digits, '-' and '_'). Each tenant is one customer,
   * named after its construct id.
   * @default ''
   */
  readonly customerPrefix?: string;
  /**
   * The owner token in the comment of every customer this deployment creates; only customers
   * carrying the marker with this token are ever changed or removed. Set it when several
   * declarations share one appliance, or to keep the customers when the gateway's construct path
   * changes (set it to the old path).
   * @default - the MailGateway's construct path, e.g. `msp/Appliance`
   */
  readonly owner?: string;
  /**
   * Time limit of one API call, in seconds.
   * @default 60
   */
  readonly timeoutSeconds?: number;
}
