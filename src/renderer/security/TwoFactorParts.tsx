/** Two-factor pieces the sign-in and the Security screen share: the QR code to scan, and the recovery codes shown once. */
import type { TwoFactorEnrolment } from '../../shared/api/signInSecurity';

/** The server's QR code as an image (an SVG data URL the qrcode package made), and the key as text. */
export function EnrolmentQr({ enrolment }: { enrolment: TwoFactorEnrolment }) {
  return (
    <figure className="two-factor-enrolment">
      <img src={enrolment.qrCodeDataUrl} alt="QR code to scan with an authenticator app" width={200} height={200} />
      <figcaption>
        Or type this key into the app: <code aria-label="Two-factor key">{enrolment.secret}</code>
      </figcaption>
    </figure>
  );
}

export function RecoveryCodes({ codes }: { codes: string[] }) {
  return (
    <>
      <p>Keep these recovery codes somewhere safe (a password manager, or on paper). Each one signs you in once if you lose your authenticator app. They are shown only now.</p>
      <ol aria-label="Recovery codes" className="recovery-codes">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ol>
    </>
  );
}
