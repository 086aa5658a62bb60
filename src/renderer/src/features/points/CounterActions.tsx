/**
 * The member view's action side — Award, Redeem, Refund, history — owned by the points
 * area. The members area renders it inside its member view (stub: being built).
 */
export default function CounterActions(_props: { memberId: string }) {
  return null;
}
