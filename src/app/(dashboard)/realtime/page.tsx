import { RealtimeTester } from "./realtime-tester";

export default function RealtimePage() {
  return (
    <main>
      <h1>Realtime tester</h1>
      <p className="lead">Browser → Switchyard → provider over WebRTC, the way your app will do it: a key mints a short-lived token, the browser sends its SDP offer with it.</p>
      <RealtimeTester />
    </main>
  );
}
