import { PersonForm } from './PersonForm';

/** 新建个人客户 (/parties/new/person). */
export default function NewPersonPage() {
  return <PersonForm />;
}
